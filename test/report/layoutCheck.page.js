// A structural check of the report page, run inside the page (the unit tier's
// headless Chromium and, through the DOM bridge, the real VS Code webview).
// This file is never imported: its text is read and evaluated in the page
// (`layoutCheckExpression` in test/report/layoutCheck.ts, and
// scripts/e2e/dom.mjs), so it holds one self-contained function and nothing
// else — no imports, no helpers outside it.
//
// Answers { problems: string[], checked: {...counts} }. A problem is:
//  - overflow: a visible element that sticks out of its parent's box
//    sideways, or a page that scrolls sideways;
//  - clipped: a box whose content is wider than the box (scrollWidth >
//    clientWidth) — except a deliberate ellipsis (text-overflow: ellipsis)
//    whose full text is in a title on it or an ancestor;
//  - broken word: a line break between two letters or digits of one word
//    (breaks at spaces and after = / , _ . - are fine);
//  - one line: an element the design keeps on one line (numbers, badges,
//    buttons, table-row cells) taller than one line;
//  - contrast: text whose colour against its background is below 4.5:1;
//  - opacity: an element drawn with opacity below 1 (dimming is not a
//    high-contrast-safe way to say anything);
//  - colour (high contrast only): text in a colour that is not one of the
//    theme's foreground colours (e.g. orange body text);
//  - lone tile: a headline tile alone on its row while other rows of its
//    group hold several.

/** @param {{ minContrast?: number, highContrast?: boolean, root?: string }} [options] */
function reportLayoutProblems(options = {}) {
  const minContrast = options.minContrast ?? 4.5;
  const root = document.querySelector(options.root ?? '.report') ?? document.body;
  const problems = [];
  const checked = { elements: 0, textElements: 0, words: 0, clipBoxes: 0 };
  const TOL = 1;

  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let s = e.tagName.toLowerCase();
      if (e.id) s += `#${e.id}`;
      else if (e.classList.length) s += `.${[...e.classList].slice(0, 2).join('.')}`;
      if (e.dataset?.metric) s += `[data-metric=${e.dataset.metric}]`;
      if (e.dataset?.tag) s += `[data-tag=${e.dataset.tag}]`;
      if (e.dataset?.col) s += `[data-col=${e.dataset.col}]`;
      parts.unshift(s);
    }
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `${parts.join(' > ')}${text ? ` "${text}"` : ''}`;
  };

  // ---- visibility: displayed, not screen-reader-only, not inside an svg or a closed <details>
  const hiddenCache = new Map();
  const isHidden = (el) => {
    if (hiddenCache.has(el)) return hiddenCache.get(el);
    let hidden = false;
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') hidden = true;
    else if (el.closest('.sr-only, [hidden]')) hidden = true;
    else {
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden' || el.getClientRects().length === 0) hidden = true;
      else if (cs.position === 'absolute' && (cs.clip !== 'auto' || cs.clipPath.startsWith('inset(50%'))) hidden = true;
      else if (el.parentElement && el.parentElement !== document.body) hidden = isHidden(el.parentElement);
    }
    hiddenCache.set(el, hidden);
    return hidden;
  };

  // ---- colours
  const parseColor = (s) => {
    const m = s.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a),
    a: 1,
  });
  const backgroundOf = (el) => {
    // composite the backgrounds from the page up to the element
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parseColor(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  };
  const luminance = (c) => {
    const f = (v) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const hex = (c) => `#${[c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

  // the theme's foreground colours, resolved through the stylesheet's own variables
  const foregrounds = new Set();
  {
    const probe = document.createElement('span');
    document.body.append(probe);
    for (const v of ['--fg', '--muted', '--link', '--vscode-button-foreground', '--vscode-button-secondaryForeground', '--vscode-badge-foreground', '--vscode-input-foreground', '--fb-button-fg', '--fb-button2-fg', '--fb-badge-fg']) {
      probe.style.color = '';
      probe.style.color = `var(${v})`;
      const c = parseColor(getComputedStyle(probe).color);
      if (c && getComputedStyle(document.body).getPropertyValue(v).trim() !== '') foregrounds.add(hex(c));
    }
    probe.remove();
  }

  // ---- the page itself
  const doc = document.scrollingElement ?? document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + TOL) problems.push(`overflow: the page scrolls sideways (${doc.scrollWidth} > ${doc.clientWidth} px)`);

  const oneLineSelector = [
    '.metric-value', '.metric-delta', '.btn', '.badge', '.status', '.count-badge', 'td.num', 'th.num',
    '.grid-row .cell', 'table.data thead th', '.legend .key', '.fact dt', 'button.sort',
  ].join(', ');
  const letter = /[\p{L}\p{N}]/u;

  // lines = groups of the visible text's rects that overlap vertically
  const lineCount = (el) => {
    const rects = [];
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!n.textContent.trim() || isHidden(n.parentElement)) continue;
      const r = document.createRange();
      r.selectNodeContents(n);
      rects.push(...[...r.getClientRects()].filter((x) => x.width > 0.5 && x.height > 0.5));
    }
    rects.sort((a, b) => a.top - b.top);
    const lines = [];
    for (const x of rects) {
      const line = lines.find((l) => Math.min(l.bottom, x.bottom) - Math.max(l.top, x.top) > Math.min(l.bottom - l.top, x.height) / 2);
      if (line) {
        line.top = Math.min(line.top, x.top);
        line.bottom = Math.max(line.bottom, x.bottom);
      } else {
        lines.push({ top: x.top, bottom: x.bottom });
      }
    }
    return lines.length;
  };

  const all = [root, ...root.querySelectorAll('*')];
  for (const el of all) {
    if (isHidden(el)) continue;
    checked.elements++;
    const cs = getComputedStyle(el);
    const rect = el.getBoundingClientRect();

    // overflow out of the parent's box
    const parent = el.parentElement;
    if (parent && el !== root && rect.width > 0 && cs.position !== 'fixed') {
      const pr = parent.getBoundingClientRect();
      if (rect.right > pr.right + TOL || rect.left < pr.left - TOL) {
        problems.push(`overflow: ${describe(el)} sticks out of its parent (${Math.round(rect.left)}–${Math.round(rect.right)} vs ${Math.round(pr.left)}–${Math.round(pr.right)})`);
      }
    }

    if (parseFloat(cs.opacity) < 1) problems.push(`opacity: ${describe(el)} is drawn at opacity ${cs.opacity}`);

    // clipped content
    if (cs.overflowX !== 'visible' || cs.textOverflow === 'ellipsis') {
      checked.clipBoxes++;
      if (el.scrollWidth > el.clientWidth + TOL && el.clientWidth > 0) {
        const text = (el.textContent ?? '').trim();
        const titled = el.closest('[title]');
        const deliberate = cs.textOverflow === 'ellipsis';
        if (!deliberate) problems.push(`clipped: ${describe(el)} (content ${el.scrollWidth} px in ${el.clientWidth} px)`);
        else if (!titled || !titled.getAttribute('title').includes(text)) problems.push(`clipped: ${describe(el)} is cut with an ellipsis but no title holds its text`);
      }
    }

    // one line where the design says one line: the line boxes of its text
    if (el.matches(oneLineSelector) && (el.textContent ?? '').trim()) {
      const n = lineCount(el);
      if (n > 1) problems.push(`one line: ${describe(el)} takes ${n} lines`);
    }

    // text: words, contrast, colour
    const texts = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    if (texts.length === 0) continue;
    checked.textElements++;
    const color = parseColor(cs.color);
    if (color) {
      const bg = backgroundOf(el);
      const fg = color.a < 1 ? over(color, bg) : color;
      const r = ratio(fg, bg);
      if (r < minContrast) problems.push(`contrast: ${describe(el)} ${hex(fg)} on ${hex(bg)} is ${r.toFixed(2)}:1`);
      if (options.highContrast && foregrounds.size && !foregrounds.has(hex(color))) {
        problems.push(`colour: ${describe(el)} is ${hex(color)}, not a foreground colour of the theme (${[...foregrounds].join(' ')})`);
      }
    }
    const range = document.createRange();
    for (const node of texts) {
      const s = node.textContent;
      let prevTop = null;
      let prevChar = '';
      for (let i = 0; i < s.length; i++) {
        const ch = s[i];
        if (/\s/.test(ch)) { prevChar = ch; continue; }
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        if (rects.length === 0) continue;
        const top = rects[0].top;
        if (prevTop !== null && top > prevTop + 2 && letter.test(prevChar) && letter.test(ch)) {
          problems.push(`broken word: ${describe(el)} breaks between "${prevChar}" and "${ch}" ("${s.slice(Math.max(0, i - 8), i)}|${s.slice(i, i + 8)}")`);
          break;
        }
        prevTop = top;
        prevChar = ch;
      }
      checked.words += s.split(/\s+/).filter(Boolean).length;
    }
  }
  // headline tiles: rows of a group are full, or every row holds one tile (a list)
  const groups = new Map();
  for (const tile of root.querySelectorAll('.metric')) {
    if (isHidden(tile)) continue;
    const list = groups.get(tile.parentElement) ?? [];
    list.push(tile);
    groups.set(tile.parentElement, list);
  }
  for (const [group, tiles] of groups) {
    const rows = new Map();
    for (const t of tiles) {
      const top = Math.round(t.getBoundingClientRect().top);
      rows.set(top, (rows.get(top) ?? 0) + 1);
    }
    const counts = [...rows.values()];
    if (counts.length > 1 && Math.max(...counts) > 1 && counts.includes(1)) {
      problems.push(`lone tile: ${describe(group)} lays its ${tiles.length} tiles out in rows of ${counts.join(', ')}`);
    }
  }
  return { problems: [...new Set(problems)], checked };
}
