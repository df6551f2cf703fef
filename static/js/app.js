// Starts the NHS.UK frontend components and our own once the page has loaded.
// Loaded as a module, so it only runs in browsers the design system supports.
import { initAll } from "../build/nhsuk/nhsuk-frontend.min.js";
import { initConditionalQuestions } from "./conditional-questions.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
initConditionalQuestions();
