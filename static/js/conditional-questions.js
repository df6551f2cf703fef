// Shows and hides section questions that depend on another answer in the same section, as soon as
// that answer changes. The server makes the same decision when the section is saved, so without
// JavaScript every such question is shown with a line saying when to answer it.

function currentValue(form, key) {
  const names = [key, `${key}_day`, `${key}_month`, `${key}_year`];
  const inputs = form.querySelectorAll(names.map((name) => `[name="${CSS.escape(name)}"]`).join(", "));
  if (inputs.length === 0) return null;
  const first = inputs[0];
  if (first.type === "checkbox") {
    return Array.from(inputs).filter((input) => input.checked).map((input) => input.value);
  }
  if (first.type === "radio") {
    const checked = Array.from(inputs).find((input) => input.checked);
    return checked ? checked.value : null;
  }
  const text = Array.from(inputs).map((input) => input.value.trim()).join("");
  return text === "" ? null : first.value.trim();
}

function isVisible(form, key) {
  const block = form.querySelector(`#question-${CSS.escape(key)}`);
  return block === null || !block.classList.contains("app-question--inactive");
}

function holds(form, condition) {
  if (condition.all) return condition.all.every((child) => holds(form, child));
  if (condition.any) return condition.any.some((child) => holds(form, child));
  if (!isVisible(form, condition.question)) return false;
  const value = currentValue(form, condition.question);
  const answered = value !== null && !(Array.isArray(value) && value.length === 0);
  switch (condition.op) {
    case "answered":
      return answered === condition.value;
    case "equals":
      return answered && value === condition.value;
    case "in":
      return answered && condition.value.includes(value);
    case "includes":
      return answered && value.includes(condition.value);
    case "not_includes":
      return answered && !value.includes(condition.value);
    case "less_than":
      return answered && Number(value) < condition.value;
    case "at_least":
      return answered && Number(value) >= condition.value;
    default:
      return true;
  }
}

function update(form) {
  // Questions only depend on earlier ones, so one pass in page order settles them all.
  form.querySelectorAll("[data-show-if]").forEach((block) => {
    const applies = holds(form, JSON.parse(block.dataset.showIf));
    block.classList.toggle("app-question--inactive", !applies);
  });
}

export function initConditionalQuestions() {
  document.querySelectorAll('form[data-module="app-conditional-questions"]').forEach((form) => {
    form.classList.add("app-conditional-questions--active");
    update(form);
    form.addEventListener("change", () => update(form));
    form.addEventListener("input", () => update(form));
  });
}
