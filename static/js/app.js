// Starts the NHS.UK frontend components once the page has loaded.
// Loaded as a module, so it only runs in browsers the design system supports.
import { initAll } from "../build/nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
