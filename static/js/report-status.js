// "Your report (or evidence pack) is being prepared": asks the server every few seconds whether the file is
// ready and fetches it when it is, saying so in the page's status region. Without JavaScript the "Check again"
// link does the same by hand. The page can set what is said when the file is ready (data-ready-message,
// data-ready-label) and, with data-failed-message, say a failure in place and stop rather than reload.
const MAX_CHECKS = 60;
const FAILED = new Set(["failed", "report_failed"]);

function reportStatusWatch(container) {
  const statusUrl = container.dataset.statusUrl;
  const intervalMs = Math.max(1, Number(container.dataset.pollInterval) || 3) * 1000;
  const readyMessage =
    container.dataset.readyMessage ||
    "Your report is ready. It will download now. If it does not, select the button below.";
  const readyLabel = container.dataset.readyLabel || "Download your report (PDF)";
  const failedMessage = container.dataset.failedMessage;
  const failedLabel = container.dataset.failedLabel;
  const region = container.querySelector("[data-report-status]");
  const link = container.querySelector("[data-report-download]");
  let checks = 0;

  function say(text) {
    if (region) {
      const paragraph = region.querySelector("p") || region.appendChild(document.createElement("p"));
      paragraph.textContent = text;
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
          say(readyMessage);
          if (link) {
            link.textContent = readyLabel;
          }
          window.location.assign(report.download_url);
          return;
        }
        if (FAILED.has(report.status)) {
          if (failedMessage) {
            say(failedMessage);
            if (link && failedLabel) {
              link.textContent = failedLabel;
            }
          } else {
            // The page itself explains the failure and offers to try again.
            window.location.reload();
          }
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
