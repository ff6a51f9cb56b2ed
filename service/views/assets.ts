/** The page's only stylesheet, served from `/static/style.css` (the CSP allows no inline styles). */
export const STYLESHEET = `:root {
  --bar-1: #fbd3e0; --bar-2: #d4e6fb; --bar-3: #d6f5e3;
  --ink: #27273a; --muted: #5c5c70; --paper: #fffaf5; --frame: #ffffff; --accent: #6b3fa0;
  color-scheme: light;
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; font: 17px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--paper); }
.bar { background: linear-gradient(90deg, var(--bar-1), var(--bar-2) 55%, var(--bar-3)); padding: 0.9rem 1.5rem; box-shadow: 0 1px 0 rgba(0, 0, 0, 0.06); }
.bar a { color: var(--ink); text-decoration: none; font-weight: 700; font-size: 1.35rem; letter-spacing: 0.01em; }
.bar a:focus-visible, a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
main { flex: 1; width: 100%; max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 2rem; }
h1 { font-size: 1.6rem; margin: 1.25rem 0 0.75rem; }
.search { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.search label { font-weight: 600; }
.search input { flex: 1 1 14rem; font: inherit; padding: 0.45rem 0.7rem; border: 1px solid #b9b3c9; border-radius: 0.4rem; background: #fff; color: var(--ink); }
.search button { font: inherit; font-weight: 600; padding: 0.45rem 1rem; border: 0; border-radius: 0.4rem; background: var(--accent); color: #fff; cursor: pointer; }
.search button:hover { background: #55307f; }
.hint { flex-basis: 100%; margin: 0; color: var(--muted); font-size: 0.9rem; }
.picture { margin: 1.5rem 0 0; text-align: center; }
.picture img { display: block; margin: 0 auto; max-width: 100%; max-height: 65vh; object-fit: contain; background: var(--frame); border: 14px solid var(--frame); border-radius: 6px; box-shadow: 0 0 0 1px #eadfd3, 0 10px 28px rgba(60, 40, 20, 0.18); }
.picture figcaption { margin-top: 0.8rem; color: var(--muted); }
.notice { background: #fff4d6; border: 1px solid #f0d98c; border-radius: 0.4rem; padding: 0.6rem 0.9rem; }
.problem { background: #fde8ec; border: 1px solid #f3b6c3; border-radius: 0.4rem; padding: 0.8rem 1rem; }
a { color: var(--accent); }
ul.suggestions { padding-left: 1.2rem; }
footer { padding: 1rem 1.5rem; color: var(--muted); font-size: 0.85rem; text-align: center; border-top: 1px solid #efe5da; }
`;

/** A small dog-paw icon, served from `/static/favicon.svg`. */
export const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#fbd3e0"/><g fill="#6b3fa0"><ellipse cx="32" cy="42" rx="13" ry="11"/><circle cx="17" cy="27" r="6"/><circle cx="26" cy="18" r="6"/><circle cx="38" cy="18" r="6"/><circle cx="47" cy="27" r="6"/></g></svg>
`;
