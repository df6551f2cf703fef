// Builds the front-end assets into static/build/ (ignored by git):
// our Sass compiled against the NHS.UK frontend, its JavaScript and its images.
// Nothing is loaded from outside the app, so the NHS.UK web font (served from a CDN) is left out.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PurgeCSS } from "purgecss";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nhsuk = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const out = join(root, "static", "build");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "nhsuk"), { recursive: true });

cpSync(join(nhsuk, "assets"), join(out, "nhsuk", "assets"), { recursive: true });
cpSync(join(nhsuk, "nhsuk-frontend.min.js"), join(out, "nhsuk", "nhsuk-frontend.min.js"));

const css = sass.compile(join(root, "static", "scss", "main.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});

// Keep only the rules whose classes appear somewhere a page can get them from: our templates, the Python
// that names classes (forms, status tags), our scripts and the NHS.UK scripts that add classes as they run.
// Classes built from a variable in a template are kept by pattern. tests/foundation/test_styles.py checks
// that every NHS.UK class the code names is still styled.
const [purged] = await new PurgeCSS().purge({
  content: [
    join(root, "templates", "**", "*.{html,txt}"),
    join(root, "assessments", "**", "*.py"),
    join(root, "innovator_portal", "**", "*.py"),
    join(root, "static", "js", "**", "*.js"),
    join(nhsuk, "nhsuk-frontend.min.js"),
  ],
  css: [{ raw: css.css }],
  defaultExtractor: (content) => content.match(/[A-Za-z0-9_-]+/g) || [],
  safelist: {
    standard: ["html", "body"],
    greedy: [/^nhsuk-input--width-/, /^nhsuk-fieldset__legend--/, /^nhsuk-label--/],
  },
  variables: true,
  keyframes: true,
  fontFace: true,
});
writeFileSync(join(out, "css", "main.css"), purged.css);
console.log(`Built front-end assets into ${out} (main.css: ${css.css.length} bytes compiled, ${purged.css.length} kept)`);
