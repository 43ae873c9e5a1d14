"""Layout and accessibility checks any browser test may run on the page it has open.

`layout_problems(page)` lists text that overflows its box, text that overlaps other text, and a
page wider than the window; `serious_axe_violations(page)` lists what axe-core calls serious or
critical. Both are evaluated through the DevTools protocol, which the page's CSP does not govern.
"""

from pathlib import Path

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = [1366, 390]  # a laptop and a phone

# For each visible text node: the box that lays it out (its nearest non-inline ancestor) and the
# rectangles of its lines, cut to what any clipping ancestor lets show. Then:
# - overflow: a box whose overflow is visible (not a scroll or clipping container) and whose
#   content is wider than it (scrollWidth > clientWidth + 1);
# - overlap: two lines of text from different boxes, neither inside the other, that cross by
#   more than TOLERANCE pixels both ways (glyph boxes of adjacent lines may touch);
# - the page itself wider than the window (a horizontal scroll bar).
LAYOUT_JS = """
(tolerance) => {
  const SKIP = "script, style, template, noscript, textarea, select";  // not laid out as text
  const shown = (el) => {
    // checkVisibility() also sees what a closed <details> hides (content-visibility).
    const visible = el.checkVisibility({opacityProperty: true, visibilityProperty: true});
    const rect = el.getBoundingClientRect();
    return visible && rect.width > 1 && rect.height > 1;
  };
  const boxOf = (el) => {
    while (el.parentElement && ["inline", "contents"].includes(getComputedStyle(el).display)) {
      el = el.parentElement;
    }
    return el;
  };
  const clipOf = (el) => {
    let clip = {left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity};
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.overflowX !== "visible" || style.overflowY !== "visible"
          || style.clipPath !== "none" || style.clip !== "auto") {
        const r = node.getBoundingClientRect();
        clip = {left: Math.max(clip.left, r.left), top: Math.max(clip.top, r.top),
                right: Math.min(clip.right, r.right), bottom: Math.min(clip.bottom, r.bottom)};
      }
    }
    return clip;
  };
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    if (el.classList.length) name += "." + [...el.classList].join(".");
    const text = (el.innerText || el.textContent || "").trim().replace(/\\s+/g, " ");
    return `${name} “${text.slice(0, 60)}”`;
  };

  const lines = [];
  const boxes = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.textContent.trim() || !parent || parent.closest(SKIP) || !shown(parent)) continue;
    const box = boxOf(parent);
    boxes.add(box);
    const clip = clipOf(parent);
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      const rect = {left: Math.max(r.left, clip.left), top: Math.max(r.top, clip.top),
                    right: Math.min(r.right, clip.right), bottom: Math.min(r.bottom, clip.bottom)};
      if (rect.right - rect.left > 1 && rect.bottom - rect.top > 1) lines.push({box, rect});
    }
  }

  const problems = [];
  const report = (message) => problems.includes(message) || problems.push(message);
  for (const box of boxes) {
    const style = getComputedStyle(box);
    if (style.overflowX !== "visible") continue;
    if (box.scrollWidth > box.clientWidth + 1 && box.clientWidth > 0) {
      report(`overflows its box (${box.scrollWidth} > ${box.clientWidth} px): ${describe(box)}`);
    }
  }
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth + 1) {
    report(`the page is wider than the window (${root.scrollWidth} > ${window.innerWidth} px)`);
  }
  lines.sort((a, b) => a.rect.top - b.rect.top);
  for (let i = 0; i < lines.length; i++) {
    const a = lines[i];
    for (let j = i + 1; j < lines.length && lines[j].rect.top < a.rect.bottom - tolerance; j++) {
      const b = lines[j];
      if (a.box === b.box || a.box.contains(b.box) || b.box.contains(a.box)) continue;
      const wide = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
      const high = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
      if (wide > tolerance && high > tolerance) {
        report(`text overlaps: ${describe(a.box)} and ${describe(b.box)}`);
      }
    }
  }
  return problems;
}
"""


def layout_problems(page, *, tolerance: int = 2) -> list[str]:
    """Text overflowing its box or overlapping other text, and horizontal page scroll."""
    return page.evaluate(LAYOUT_JS, tolerance)


def axe_violations(page, *, exclude: tuple[str, ...] = ()) -> list[dict]:
    """What axe-core finds on the page, leaving out the parts `exclude` names (CSS selectors)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    context = {"exclude": [[selector] for selector in exclude]}
    result = page.evaluate("context => axe.run(context).then(r => r.violations)", context)
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in result
    ]


def serious_axe_violations(page, *, exclude: tuple[str, ...] = ()) -> list[dict]:
    found = axe_violations(page, exclude=exclude)
    return [v for v in found if v["impact"] in ("serious", "critical")]
