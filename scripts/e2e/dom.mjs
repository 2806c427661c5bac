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
import { join } from 'node:path';

const DEFAULT_TIMEOUT = 10_000;

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

  /** args: { name } — saves a screenshot under test-results/e2e/<scenario>/. */
  async screenshot(page, args, ctx) {
    const file = join(ctx.outDir, `${String(args.name ?? 'shot').replace(/[^\w.-]+/g, '_')}.png`);
    await page.screenshot({ path: file });
    return { ok: true, detail: file, data: file };
  },
};
