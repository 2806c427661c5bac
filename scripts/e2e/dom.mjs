// DOM checks the suite can ask for through the bridge (test/e2e/suite/bridge.ts).
// Each runs in Node against the workbench page (playwright-core) and answers
// { ok, detail, data }. Checks poll until their condition holds or timeoutMs
// (default 10 s) passes, so the suite can call them right after an API action.
//
// Selectors that the workbench of VS Code 1.100 renders:
//   title / folder      document.title ("<folder> - code-server" or with the editor first)
//   explorer rows        .explorer-folders-view .monaco-list-row  (aria-label = entry name)
//   problems count       #status\.problems  (aria-label "No Problems", "Errors: 1, Warnings: 2"…)
//   squiggles            .monaco-editor .squiggly-error / -warning / -info / -hint
//   rendered hover       .monaco-hover:not(.hidden) .monaco-hover-content
//   webviews             nested iframes: iframe.webview → its #active-frame; search page.frames()
//   report metrics       (inside the report webview) .metric[data-metric] aria-label "Rows: 1,234";
//                        skipped groups [data-reason] .count-badge
//   report "why"         a row's button[data-why] (aria-expanded) → #row-why .why-formula, .why-factors button.link
//   notifications        .notifications-toasts .notification-list-item (message
//                        .notification-list-item-message, buttons .monaco-button)
//   status bar items     #workbench\.parts\.statusbar .statusbar-item (id = entry id)
//   quick pick           .quick-input-widget, rows .quick-input-list .monaco-list-row (aria-label)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DEFAULT_TIMEOUT = 10_000;

// The report's structural check, shared with the unit tier (evaluated as text: see the file).
const LAYOUT_CHECK = readFileSync(new URL('../../test/report/layoutCheck.page.js', import.meta.url), 'utf8');

/** The report webview's frame (the one that holds `.report`), or null. */
async function reportFrame(page) {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    try {
      if (await frame.evaluate(() => !!document.querySelector('.report:not([aria-busy])'))) return frame;
    } catch { /* frame navigating or detached */ }
  }
  return null;
}

async function poll(timeoutMs, fn) {
  const deadline = Date.now() + (timeoutMs ?? DEFAULT_TIMEOUT);
  let last;
  for (;;) {
    last = await fn();
    if (last.ok || Date.now() > deadline) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Parses the Problems status item's aria-label into counts. */
export function parseProblems(label) {
  // VS Code 1.100 writes "No Problems" or "Errors: 1, Warnings: 2, Infos: 3".
  const n = (word) => {
    const m = label.match(new RegExp(`${word}s?:\\s*(\\d+)`, 'i')) ?? label.match(new RegExp(`(\\d+)\\s+${word}s?\\b`, 'i'));
    return m ? Number(m[1]) : 0;
  };
  return { label, errors: n('Error'), warnings: n('Warning'), infos: n('Info') };
}

export const DOM_CHECKS = {
  /** args: { folder: string, entries?: string[] } — title names the folder, the explorer lists the entries. */
  async 'workbench-folder'(page, args) {
    return poll(args.timeoutMs, async () => {
      const state = await page.evaluate(() => ({
        title: document.title,
        rows: [...document.querySelectorAll('.explorer-folders-view .monaco-list-row')].map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''),
        header: document.querySelector('.explorer-viewlet .pane-header[aria-label], .explorer-folders-view')?.closest('.pane')?.querySelector('.pane-header')?.textContent ?? '',
      }));
      const titleOk = state.title.includes(args.folder);
      const missing = (args.entries ?? []).filter((e) => !state.rows.some((r) => r === e || r.startsWith(`${e} `) || r.startsWith(`${e},`)));
      return {
        ok: titleOk && missing.length === 0,
        detail: `title ${JSON.stringify(state.title)}${titleOk ? '' : ` lacks ${JSON.stringify(args.folder)}`}; explorer rows ${JSON.stringify(state.rows)}${missing.length ? `; missing ${missing.join(', ')}` : ''}`,
        data: state,
      };
    });
  },

  /** args: { errors?, warnings?, infos? } expected counts (omitted = any). Answers the counts. */
  async problems(page, args) {
    return poll(args.timeoutMs, async () => {
      const label = await page.evaluate(() => document.querySelector('#status\\.problems')?.getAttribute('aria-label') ?? '');
      const c = parseProblems(label);
      const ok = label !== '' && ['errors', 'warnings', 'infos'].every((k) => args[k] === undefined || args[k] === c[k]);
      return { ok, detail: `problems status: ${JSON.stringify(label)}`, data: c };
    });
  },

  /** args: { error?, warning?, info?, hint? } expected squiggle counts in the visible editors (omitted = any, but at least one squiggle overall). */
  async squiggles(page, args) {
    return poll(args.timeoutMs, async () => {
      const c = await page.evaluate(() => {
        const count = (k) => document.querySelectorAll(`.monaco-editor .squiggly-${k}`).length;
        return { error: count('error'), warning: count('warning'), info: count('info'), hint: count('hint') };
      });
      const keys = ['error', 'warning', 'info', 'hint'];
      const anyExpected = keys.some((k) => args[k] !== undefined);
      const ok = anyExpected ? keys.every((k) => args[k] === undefined || args[k] === c[k]) : keys.some((k) => c[k] > 0);
      return { ok, detail: `squiggles ${JSON.stringify(c)}`, data: c };
    });
  },

  /** args: { contains?: string | string[] } — a hover is visible (and shows the text). Answers its text and HTML. */
  async hover(page, args) {
    const want = [args.contains ?? []].flat();
    return poll(args.timeoutMs, async () => {
      const h = await page.evaluate(() => {
        const el = [...document.querySelectorAll('.monaco-hover')].find((e) => !e.classList.contains('hidden') && e.getBoundingClientRect().height > 0);
        const content = el?.querySelector('.monaco-hover-content') ?? el;
        return content ? { text: content.innerText ?? content.textContent ?? '', html: content.innerHTML } : null;
      });
      const ok = !!h && want.every((w) => h.text.includes(w));
      return { ok, detail: h ? `hover text ${JSON.stringify(h.text.slice(0, 400))}` : 'no visible hover', data: h };
    });
  },

  /** args: { contains: string | string[] } — some webview frame's body shows the text. Answers that frame's text. */
  async webview(page, args) {
    const want = [args.contains ?? []].flat();
    return poll(args.timeoutMs, async () => {
      const texts = [];
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        try {
          const text = await frame.evaluate(() => document.body?.innerText ?? '');
          texts.push({ url: frame.url(), text });
        } catch { /* frame navigating or detached */ }
      }
      const hit = texts.find((t) => want.every((w) => t.text.includes(w)));
      return {
        ok: !!hit && want.length > 0,
        detail: hit ? `webview frame ${hit.url.slice(0, 120)}` : `no frame shows ${JSON.stringify(want)}; frames: ${texts.map((t) => `${t.url.slice(0, 80)} (${t.text.length} chars)`).join(', ')}`,
        data: hit ?? null,
      };
    });
  },

  /**
   * args: { origin: string } — in the report webview, filters the rows table
   * to `origin`, presses that row's "Why?" and waits for the answer. Answers
   * { formula, expanded (the button's aria-expanded), links (the factors' link texts) }.
   */
  async 'report-why'(page, args) {
    let frame = null;
    const found = await poll(args.timeoutMs, async () => {
      frame = await reportFrame(page);
      return { ok: !!frame, detail: 'no report webview frame' };
    });
    if (!found.ok) return { ok: false, detail: found.detail, data: null };
    await frame.fill('#rows-filter', args.origin);
    const row = `.rows-window [role="row"]:has([data-open][title="Open ${args.origin}"]) button[data-why]`;
    try {
      await frame.waitForSelector(row, { timeout: args.timeoutMs ?? DEFAULT_TIMEOUT });
      await frame.click(row);
    } catch (e) {
      return { ok: false, detail: `no Why? button on the row ${args.origin}: ${e?.message ?? e}`, data: null };
    }
    return poll(args.timeoutMs, async () => {
      const data = await frame.evaluate((sel) => ({
        formula: document.querySelector('#row-why .why-formula')?.textContent ?? null,
        expanded: document.querySelector(sel)?.getAttribute('aria-expanded') ?? null,
        links: [...document.querySelectorAll('#row-why .why-factors button.link')].map((b) => b.textContent),
        text: document.querySelector('#row-why')?.textContent ?? '',
      }), row).catch(() => null);
      return { ok: !!data?.formula, detail: data ? `formula ${JSON.stringify(data.formula)}, panel ${JSON.stringify(data.text.slice(0, 300))}` : 'frame gone', data };
    });
  },
  /**
   * args: { expect?: { metrics?: {key: n}, skipped?: {reason: n} } } — the report
   * webview's headline tiles (plus filesSkipped, from the "Files read" tile,
   * and rowsListed, the rows table's count) and skipped-file groups, read as numbers. Waits
   * until the frame shows the expected values (subset match). Answers
   * { metrics, skipped, styled (webview.css applied), text }.
   */
  async 'report-numbers'(page, args) {
    const want = args.expect ?? {};
    return poll(args.timeoutMs, async () => {
      let found = null;
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        try {
          found = await frame.evaluate(() => {
            const tiles = [...document.querySelectorAll('.metric[data-metric]')];
            if (!tiles.length) return null;
            const num = (t) => Number(String(t ?? '').replace(/[^\d.-]/g, ''));
            const metrics = Object.fromEntries(tiles.map((t) => [t.getAttribute('data-metric'), num(t.querySelector('.metric-value')?.textContent)]));
            // "Files read" carries the skipped count in its sub-line ("3 skipped").
            const sub = document.querySelector('.metric[data-metric="filesRead"] .metric-sub')?.textContent ?? '';
            if (/skipped/.test(sub)) metrics.filesSkipped = num(sub.replace(/skipped.*/, ''));
            // the rows table's own count ("30,002 rows"): every row arrived, not only the first screen's
            const listed = document.getElementById('rows-count')?.textContent ?? '';
            if (/^[\d,.\s]+rows?$/.test(listed.trim())) metrics.rowsListed = num(listed);
            const skipped = Object.fromEntries([...document.querySelectorAll('[data-reason]')].map((g) => [g.getAttribute('data-reason'), num(g.querySelector('.count-badge')?.textContent)]));
            // webview.css lays the tiles out in a grid; unstyled, they stack as blocks.
            const styled = getComputedStyle(document.querySelector('.metrics') ?? document.body).display === 'grid';
            return { metrics, skipped, styled, text: document.body.innerText };
          });
        } catch { /* frame navigating or detached */ }
        if (found) break;
      }
      if (!found) return { ok: false, detail: 'no webview frame shows report metrics', data: null };
      const mismatch = [];
      for (const part of ['metrics', 'skipped']) {
        for (const [k, v] of Object.entries(want[part] ?? {})) {
          if ((found[part][k] ?? 0) !== v) mismatch.push(`${part}.${k}: shows ${found[part][k]}, expected ${v}`);
        }
      }
      return {
        ok: mismatch.length === 0,
        detail: `metrics ${JSON.stringify(found.metrics)} skipped ${JSON.stringify(found.skipped)} styled ${found.styled}${mismatch.length ? `; ${mismatch.join('; ')}` : ''}`,
        data: found,
      };
    });
  },

  /**
   * args: { contains?, click?, absent?, gone? } — visible notification toasts. With
   * `contains`, waits for a toast whose text has it; with `click`, then clicks
   * that toast's button of that label (e.g. 'Cancel') with the mouse; with
   * `absent: true`, checks for a while (timeoutMs, default 2 s) that no toast
   * shows up at all; with `gone: text`, waits until no toast shows the text.
   * Answers the toasts' texts (and clickedAt, epoch ms).
   */
  async notifications(page, args) {
    const read = () => page.evaluate(() => [...document.querySelectorAll('.notifications-toasts .notification-list-item')]
      .filter((e) => e.getBoundingClientRect().height > 0)
      .map((e) => ({
        message: e.querySelector('.notification-list-item-message')?.textContent ?? '',
        source: e.querySelector('.notification-list-item-source')?.textContent ?? '',
        buttons: [...e.querySelectorAll('.monaco-button')].map((b) => b.textContent ?? b.getAttribute('aria-label') ?? ''),
      })));
    if (args.gone !== undefined) {
      // waits until no toast shows the text any more
      const t0 = Date.now();
      return poll(args.timeoutMs, async () => {
        const toasts = (await read()).filter((t) => `${t.message} ${t.source}`.includes(args.gone));
        return { ok: toasts.length === 0, detail: toasts.length ? `still shown after ${Date.now() - t0} ms: ${JSON.stringify(toasts)}` : `no toast shows ${JSON.stringify(args.gone)} (after ${Date.now() - t0} ms)`, data: toasts };
      });
    }
    if (args.absent) {
      const until = Date.now() + (args.timeoutMs ?? 2000);
      let toasts = [];
      while (Date.now() < until) {
        toasts = await read();
        if (toasts.length) break;
        await new Promise((r) => setTimeout(r, 150));
      }
      return { ok: toasts.length === 0, detail: toasts.length ? `notifications shown: ${JSON.stringify(toasts)}` : 'no notification shown', data: toasts };
    }
    const r = await poll(args.timeoutMs, async () => {
      const toasts = await read();
      const hit = toasts.find((t) => args.contains === undefined || `${t.message} ${t.source}`.includes(args.contains));
      const ok = !!hit && (!args.click || hit.buttons.includes(args.click));
      return { ok, detail: `toasts ${JSON.stringify(toasts)}`, data: toasts };
    });
    if (!r.ok || !args.click) return r;
    // A real mouse click (playwright moves the pointer and presses), as a user would.
    const button = page.locator('.notifications-toasts .notification-list-item')
      .filter({ hasText: args.contains ?? '' }).locator('.monaco-button', { hasText: args.click }).first();
    let clickedAt = 0;
    try {
      await button.click({ timeout: 5_000 });
      clickedAt = Date.now();
    } catch (e) {
      return { ok: false, detail: `could not click '${args.click}': ${e?.message ?? e}; ${r.detail}`, data: { toasts: r.data } };
    }
    return { ok: true, detail: `clicked '${args.click}'; ${r.detail}`, data: { toasts: r.data, clickedAt } };
  },

  /** Answers the status bar's items: { id, text, label }[]. args: { absent?: string } fails if an item's id, text or label contains it. */
  async statusbar(page, args) {
    const items = await page.evaluate(() => [...document.querySelectorAll('#workbench\\.parts\\.statusbar .statusbar-item')]
      .filter((e) => e.getBoundingClientRect().width > 0)
      .map((e) => ({ id: e.id, text: e.innerText ?? '', label: e.querySelector('[aria-label]')?.getAttribute('aria-label') ?? e.getAttribute('aria-label') ?? '' })));
    if (args.contains) {
      // present: an item whose id, text or label holds `contains` (waits for it)
      return poll(args.timeoutMs, async () => {
        const now = await page.evaluate(() => [...document.querySelectorAll('#workbench\\.parts\\.statusbar .statusbar-item')]
          .filter((e) => e.getBoundingClientRect().width > 0)
          .map((e) => ({ id: e.id, text: e.innerText ?? '', label: e.querySelector('[aria-label]')?.getAttribute('aria-label') ?? e.getAttribute('aria-label') ?? '' })));
        const want = String(args.contains).toLowerCase();
        const hit = now.find((i) => `${i.id} ${i.text} ${i.label}`.toLowerCase().includes(want));
        return { ok: !!hit, detail: `status bar items ${JSON.stringify(now.map((i) => `${i.id}: ${i.text}`))}`, data: hit ?? now };
      });
    }
    const needle = args.absent?.toLowerCase();
    const hits = needle ? items.filter((i) => `${i.id} ${i.text} ${i.label}`.toLowerCase().includes(needle)) : [];
    return { ok: hits.length === 0, detail: `status bar items ${JSON.stringify(items.map((i) => i.id || i.text))}${hits.length ? `; unexpected: ${JSON.stringify(hits)}` : ''}`, data: items };
  },

  /** args: { select?: string } — waits for a visible quick pick; answers its row labels; clicks the row whose label starts with `select`. */
  async quickpick(page, args) {
    const r = await poll(args.timeoutMs, async () => {
      const q = await page.evaluate(() => {
        const w = document.querySelector('.quick-input-widget');
        if (!w || getComputedStyle(w).display === 'none') return null;
        return {
          placeholder: w.querySelector('input')?.getAttribute('placeholder') ?? '',
          rows: [...w.querySelectorAll('.quick-input-list .monaco-list-row')].map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''),
        };
      });
      const ok = !!q && q.rows.length > 0 && (!args.select || q.rows.some((l) => l.startsWith(args.select)));
      return { ok, detail: q ? `quick pick ${JSON.stringify(q)}` : 'no quick pick open', data: q };
    });
    if (!r.ok || !args.select) return r;
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: args.select }).first();
    await row.click();
    return { ok: true, detail: `chose '${args.select}' in ${r.detail}`, data: r.data };
  },

  /** args: { selector, contains? } — a generic wait for a workbench element. Answers its text. */
  async element(page, args) {
    return poll(args.timeoutMs, async () => {
      const text = await page.evaluate((sel) => {
        const el = document.querySelector(sel);
        return el ? (el.innerText ?? el.textContent ?? '') : null;
      }, args.selector);
      const ok = text !== null && (args.contains === undefined || text.includes(args.contains));
      return { ok, detail: text === null ? `no element ${args.selector}` : `${args.selector}: ${JSON.stringify(text.slice(0, 300))}`, data: text };
    });
  },

  /** args: { key } — presses a key in the page (e.g. 'Escape' to close a hover). */
  async press(page, args) {
    await page.keyboard.press(args.key);
    return { ok: true, detail: `pressed ${args.key}` };
  },

  /**
   * args: { width?, height? } — resizes the page (default 1400 × 900, as
   * browser.mjs opens it). VS Code caps a hover at about 2/3 of the editor's
   * width: a wider page lets a long hover fit, e.g. for a README picture.
   */
  async viewport(page, args) {
    const size = { width: Number(args.width ?? 1400), height: Number(args.height ?? 900) };
    await page.setViewportSize(size);
    // let the workbench lay itself out again
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    return { ok: true, detail: `viewport ${size.width}×${size.height}`, data: size };
  },

  /**
   * args: { bodyClass?, width?, tolerance?, highContrast?, saveVariables? } —
   * the report webview's layout: waits until its body has the theme class
   * `bodyClass` (e.g. 'vscode-dark') and, with `width`, until the webview is
   * that wide (± tolerance, default 40 px); then runs the structural check of
   * test/report/layoutCheck.page.js in it (no overflow, nothing cut without a
   * title, no broken word, contrast, no opacity; `highContrast`: foreground
   * colours only). `saveVariables: name` writes the theme variables VS Code
   * gave the webview to <name>.json in the results folder. `aboveFold:
   * [selectors]` also waits for those elements and fails unless each starts
   * inside the webview's first screen (no scrolling). Answers
   * { width, editorWidth, bodyClass, problems, checked, fold }.
   */
  async 'report-layout'(page, args, ctx) {
    const tolerance = args.tolerance ?? 40;
    let frame = null;
    const state = await poll(args.timeoutMs, async () => {
      frame = await reportFrame(page);
      if (!frame) return { ok: false, detail: 'no webview frame shows the report', data: null };
      const s = await frame.evaluate(() => ({ width: document.documentElement.clientWidth, bodyClass: document.body.className }));
      s.editorWidth = await page.evaluate(() => document.querySelector('#workbench\\.parts\\.editor')?.getBoundingClientRect().width ?? 0);
      s.fold = await frame.evaluate((sels) => sels.map((sel) => {
        const el = document.querySelector(sel);
        const r = el?.getBoundingClientRect();
        return { selector: sel, top: r ? Math.round(r.top + window.scrollY) : null, screen: window.innerHeight };
      }), args.aboveFold ?? []);
      const themeOk = !args.bodyClass || s.bodyClass.split(/\s+/).includes(args.bodyClass);
      const widthOk = args.width === undefined || Math.abs(s.width - args.width) <= tolerance;
      const foldOk = s.fold.every((f) => f.top !== null && f.top < f.screen);
      return {
        ok: themeOk && widthOk && foldOk,
        detail: `report webview ${s.width} px wide (editor area ${Math.round(s.editorWidth)} px), body class ${JSON.stringify(s.bodyClass)}${s.fold.length ? `; ${s.fold.map((f) => `${f.selector} at ${f.top ?? 'absent'} of ${f.screen} px`).join(', ')}` : ''}`,
        data: s,
      };
    });
    if (!state.ok || !frame) return state;
    // let the page settle after a theme or size change (two frames)
    await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const options = { highContrast: !!args.highContrast };
    const result = await frame.evaluate(`(() => {\n${LAYOUT_CHECK}\nreturn reportLayoutProblems(${JSON.stringify(options)});\n})()`);
    if (args.saveVariables) {
      const variables = await frame.evaluate(() => {
        const style = document.documentElement.style;
        const out = {};
        for (let i = 0; i < style.length; i++) if (style[i].startsWith('--vscode-')) out[style[i]] = style.getPropertyValue(style[i]).trim();
        return { bodyClass: document.body.className, variables: out };
      });
      writeFileSync(join(ctx.outDir, `${String(args.saveVariables).replace(/[^\w.-]+/g, '_')}.json`), JSON.stringify(variables, null, 2));
    }
    return {
      ok: result.problems.length === 0,
      detail: `${state.detail}; checked ${JSON.stringify(result.checked)}; ${result.problems.length} problems${result.problems.length ? `: ${result.problems.slice(0, 30).join(' | ')}` : ''}`,
      data: { ...state.data, ...result },
    };
  },

  /** args: { name } — saves a screenshot under test-results/e2e/<scenario>/. */
  async screenshot(page, args, ctx) {
    const file = join(ctx.outDir, `${String(args.name ?? 'shot').replace(/[^\w.-]+/g, '_')}.png`);
    await page.screenshot({ path: file });
    return { ok: true, detail: file, data: file };
  },
};
