// "Your report is being prepared": asks the server every few seconds whether the report is ready and
// fetches it when it is. Without JavaScript the "Check again" link does the same by hand.
const MAX_CHECKS = 60;

function reportStatusWatch(container) {
  const statusUrl = container.dataset.statusUrl;
  const intervalMs = Math.max(1, Number(container.dataset.pollInterval) || 3) * 1000;
  const region = container.querySelector("[data-report-status]");
  const link = container.querySelector("[data-report-download]");
  let checks = 0;

  function say(text) {
    if (region) {
      const paragraph = document.createElement("p");
      paragraph.textContent = text;
      region.replaceChildren(paragraph);
    }
  }

  async function check() {
    checks += 1;
    try {
      const response = await fetch(statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (response.ok) {
        const report = await response.json();
        if (report.status === "ready") {
          say("Your report is ready. It will download now. If it does not, select the button below.");
          if (link) {
            link.textContent = "Download your report (PDF)";
          }
          window.location.assign(report.download_url);
          return;
        }
        if (report.status === "failed") {
          // The page itself explains the failure and offers to try again.
          window.location.reload();
          return;
        }
      }
    } catch {
      // Offline for a moment: try again at the next interval.
    }
    if (checks < MAX_CHECKS) {
      window.setTimeout(check, intervalMs);
    }
  }

  window.setTimeout(check, intervalMs);
}

document.querySelectorAll('[data-module="app-report-status"]').forEach(reportStatusWatch);
