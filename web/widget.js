/*
 * opic-bot chat widget. Embed it with one line:
 *   <script src="https://YOUR-HOST/widget.js" data-lang="en" defer></script>
 * Options (all optional): data-lang (en|fr|es), data-title, data-color (accent colour),
 * data-position (right|left), data-storage (session|local|none), data-open (true),
 * data-exit-url (where "Quick exit" goes; default https://www.google.com/),
 * data-workshop (a workshop's join code; a page address with ?join=<code> works too).
 *
 * Vanilla JavaScript, no build step, no third-party requests. It talks only to the server
 * it was loaded from. Styles live in a shadow root through a constructable stylesheet, so
 * it works under a strict Content-Security-Policy and neither leaks into nor takes styles
 * from the host page. Bot text is always inserted as text, never as HTML.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  if (!script || !script.src || document.querySelector("opic-bot-widget")) return;

  let LANGUAGES = { en: "English" }; // every language the server offers, fetched at start
  const API = new URL(script.src).origin;
  const options = script.dataset;
  const STORE_KEY = "opic-bot-widget";
  const KEEP_MESSAGES = 100;
  const TIMEOUT_MS = 20000;
  const TEL = /^tel:\+?[0-9]{2,15}$/; // a button that calls a phone number
  const DEFAULT_COLOR = "#1d4ed8";
  const DEFAULT_EXIT = "https://www.google.com/";

  const CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.root { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1a1a1a; }
button { font: inherit; min-width: 44px; min-height: 44px; margin: 0; border-radius: 10px; cursor: pointer; }
:focus-visible { outline: 3px solid #111; outline-offset: 2px; box-shadow: 0 0 0 2px #fff; }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: inline-flex;
  align-items: center; gap: 8px; min-height: 56px; padding: 0 20px 0 16px; border: 2px solid #fff;
  border-radius: 28px; background: var(--accent); color: var(--on-accent); font-size: 17px; font-weight: 700;
  box-shadow: 0 4px 14px rgba(0, 0, 0, .3); }
.launcher svg { width: 26px; height: 26px; fill: currentColor; }
.panel { position: fixed; right: 20px; bottom: 92px; z-index: 2147483001; display: flex; flex-direction: column;
  width: 400px; max-width: calc(100vw - 40px); height: 620px; max-height: calc(100vh - 112px);
  background: #fff; border-radius: 16px; box-shadow: 0 8px 32px rgba(0, 0, 0, .3); overflow: hidden; }
.left .launcher, .left .panel { right: auto; left: 20px; }
.panel[hidden] { display: none; }
.head { display: flex; align-items: center; gap: 8px; padding: 8px 8px 8px 16px; background: var(--accent); color: var(--on-accent); }
h2 { flex: 1; margin: 0; font-size: 18px; line-height: 1.25; }
.exit { padding: 0 12px; border: 2px solid #fff; background: #b3261e; color: #fff; font-weight: 700; }
.close { border: 2px solid transparent; background: transparent; color: inherit; font-size: 28px; line-height: 1; }
.tools { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 8px 12px; background: #f4f5f7; border-bottom: 1px solid #c9ced6; }
.langs, .actions { display: flex; gap: 4px; }
.actions { gap: 6px; margin-left: auto; }
.tool { padding: 0 8px; border: 2px solid #5f6672; background: #fff; color: #1a1a1a; font-size: 14px; }
.tool[aria-pressed="true"] { border-color: #1a1a1a; background: #1a1a1a; color: #fff; }
.log { position: relative; flex: 1; display: flex; flex-direction: column; gap: 12px; padding: 12px; overflow-y: auto; overscroll-behavior: contain; }
.msg { max-width: 90%; }
.msg p { margin: 0; padding: 10px 14px; border-radius: 16px; white-space: pre-line; overflow-wrap: anywhere; }
.bot { align-self: flex-start; }
.bot p { border-bottom-left-radius: 4px; background: #eef0f3; }
.user { align-self: flex-end; }
.user p { border-bottom-right-radius: 4px; background: var(--accent); color: var(--on-accent); }
.msg a { color: #0b3f8a; }
.choices { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.choice { padding: 6px 14px; border: 2px solid var(--accent-text); background: #fff; color: var(--accent-text); text-align: left; }
.choice:hover, .tool:not([aria-pressed="true"]):hover { background: #e8ecf4; }
.calls { display: flex; flex-direction: column; gap: 8px; margin-top: 8px; }
.msg a.call { display: flex; align-items: center; justify-content: center; min-height: 52px; padding: 8px 16px;
  border: 2px solid #0a5c2f; border-radius: 12px; background: #0a7a3d; color: #fff; font-size: 18px;
  font-weight: 700; text-decoration: none; }
.msg a.call:hover { background: #086633; }
.typing { align-self: flex-start; margin: 0 12px 8px; padding: 12px 16px; border-radius: 16px; background: #eef0f3; }
.typing[hidden] { display: none; }
.status:empty { margin: 0; padding: 0; border: 0; }
.dot { display: inline-block; width: 8px; height: 8px; margin: 0 2px; border-radius: 50%; background: #5f6672; animation: blink 1.2s infinite; }
.dot:nth-child(2) { animation-delay: .2s; } .dot:nth-child(3) { animation-delay: .4s; }
@keyframes blink { 0%, 80%, 100% { opacity: .3; } 40% { opacity: 1; } }
.status { margin: 0 12px 8px; padding: 8px 12px; border-radius: 10px; background: #fff4e5; color: #5c2b00; border: 1px solid #d9822b; }
form { display: flex; gap: 8px; padding: 10px 12px 4px; border-top: 1px solid #c9ced6; }
input { flex: 1; min-width: 0; min-height: 48px; padding: 10px 12px; border: 2px solid #5f6672; border-radius: 10px; background: #fff; color: #1a1a1a; font: inherit; }
.send { padding: 0 16px; border: 2px solid var(--accent); background: var(--accent); color: var(--on-accent); font-weight: 700; }
.privacy { margin: 0; padding: 2px 12px 8px; color: #4a5160; font-size: 13px; }
@media (max-width: 480px), (max-height: 520px) {
  .panel, .left .panel { inset: 0; width: auto; max-width: none; height: auto; max-height: none; border-radius: 0; }
  .open .launcher { display: none; }
}
@media (prefers-reduced-motion: reduce) { .dot { animation: none; opacity: .7; } }
@media (forced-colors: active) { button, input, .msg p { border: 2px solid ButtonText; } }
`;

  // ---- settings from the script tag ----------------------------------------------------

  function isLanguage(value) {
    return typeof value === "string" && Object.prototype.hasOwnProperty.call(LANGUAGES, value);
  }

  function pickLanguage() {
    const wanted = [options.lang, (navigator.language || "").slice(0, 2)];
    return wanted.find(isLanguage) || "en";
  }

  function exitUrl() {
    try {
      const url = new URL(options.exitUrl || DEFAULT_EXIT, location.href);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : DEFAULT_EXIT;
    } catch (error) {
      return DEFAULT_EXIT;
    }
  }

  function pickStorage() {
    if (options.storage === "none") return null;
    try {
      const storage = options.storage === "local" ? window.localStorage : window.sessionStorage;
      storage.setItem(STORE_KEY + "-probe", "1");
      storage.removeItem(STORE_KEY + "-probe");
      return storage;
    } catch (error) {
      return null; // storage blocked: the chat still works, it just does not survive a reload
    }
  }

  // ---- conversation state (kept in session storage by default) --------------------------

  const storage = pickStorage();
  let leaving = false;

  function newSenderId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return "web-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function freshState(lang) {
    return { id: newSenderId(), lang: lang, open: false, messages: [], joined: null };
  }

  function cleanButtons(buttons) {
    if (!Array.isArray(buttons)) return [];
    return buttons
      .filter((b) => b && typeof b.title === "string" && typeof b.payload === "string")
      .slice(0, 12)
      .map((b) => ({ title: b.title, payload: b.payload }));
  }

  function cleanMessage(m) {
    if (!m || (m.from !== "bot" && m.from !== "user") || typeof m.text !== "string") return null;
    const lang = isLanguage(m.lang) ? m.lang : undefined;
    return { from: m.from, text: m.text, buttons: cleanButtons(m.buttons), lang: lang };
  }

  function loadState() {
    const state = freshState(pickLanguage());
    try {
      const saved = JSON.parse((storage && storage.getItem(STORE_KEY)) || "null");
      if (saved && /^web-[0-9a-f]{32}$/.test(saved.id)) {
        state.id = saved.id;
        if (isLanguage(saved.lang)) state.lang = saved.lang;
        state.open = saved.open === true;
        state.joined = typeof saved.joined === "string" ? saved.joined.slice(0, 32) : null;
        state.messages = (Array.isArray(saved.messages) ? saved.messages : []).map(cleanMessage).filter(Boolean);
      }
    } catch (error) {
      // unreadable: start afresh
    }
    return state;
  }

  function saveState() {
    if (!storage || leaving) return;
    state.messages = state.messages.slice(-KEEP_MESSAGES);
    try {
      storage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (error) {
      // full or blocked: keep going without it
    }
  }

  function clearStorage() {
    if (!storage) return;
    try {
      storage.removeItem(STORE_KEY);
    } catch (error) {
      // nothing to clear
    }
  }

  let state = null; // loaded at start, once the languages are known
  let labels = {};
  let busy = false;
  let inFlight = null; // the message on its way, if any

  // ---- talking to the server ------------------------------------------------------------

  class HttpError extends Error {
    constructor(status) {
      super("HTTP " + status);
      this.status = status;
    }
  }

  async function call(path, init) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    try {
      const response = await fetch(API + path, { credentials: "omit", signal: abort.signal, ...init });
      if (!response.ok) throw new HttpError(response.status);
      return response;
    } finally {
      clearTimeout(timer);
    }
  }

  async function fetchLanguages() {
    return (await call("/api/widget/languages")).json();
  }

  async function fetchLabels(lang) {
    return (await call("/api/widget/labels/" + lang)).json();
  }

  function forgetOnServer(senderId, keepalive) {
    return call("/api/conversations/" + encodeURIComponent(senderId), { method: "DELETE", keepalive: keepalive });
  }

  function errorLabel(error) {
    if (error instanceof HttpError) {
      if (error.status === 429) return label("error_too_fast");
      if (error.status === 503) return label("error_not_ready");
      return label("error_other");
    }
    return label("error_offline"); // network failure or time-out
  }

  // ---- building the interface (DOM nodes only, text through textContent) ---------------

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    for (const child of children || []) node.appendChild(child);
    return node;
  }

  function chatIcon() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z");
    svg.appendChild(path);
    return svg;
  }

  function label(key) {
    return labels[key] || key;
  }

  const host = document.createElement("opic-bot-widget");
  const shadow = host.attachShadow({ mode: "open" });
  const root = el("div", { class: "root" + (options.position === "left" ? " left" : "") });
  const ui = {};

  function buildInterface() {
    ui.launcherText = el("span");
    ui.launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "opic-panel" }, [chatIcon(), ui.launcherText]);
    ui.title = el("h2", { id: "opic-title" });
    ui.exit = el("button", { type: "button", class: "exit" });
    ui.close = el("button", { type: "button", class: "close", text: "×" });
    ui.langButtons = Object.keys(LANGUAGES).map((lang) =>
      el("button", { type: "button", class: "tool", lang: lang, "data-lang": lang, "aria-label": lang.toUpperCase() + " – " + LANGUAGES[lang], text: lang.toUpperCase() }),
    );
    ui.langs = el("div", { class: "langs", role: "group" }, ui.langButtons);
    ui.restart = el("button", { type: "button", class: "tool restart" });
    ui.forget = el("button", { type: "button", class: "tool forget" });
    ui.quiz = el("button", { type: "button", class: "tool quiz" });
    ui.cases = el("button", { type: "button", class: "tool cases" });
    ui.log = el("div", { class: "log", role: "log", "aria-live": "polite", tabindex: "0" });
    ui.typingText = el("span", { class: "sr" });
    ui.typing = el("div", { class: "typing", hidden: "" }, [
      el("span", { class: "dot", "aria-hidden": "true" }),
      el("span", { class: "dot", "aria-hidden": "true" }),
      el("span", { class: "dot", "aria-hidden": "true" }),
      ui.typingText,
    ]);
    ui.status = el("p", { class: "status", role: "status" });
    ui.input = el("input", { type: "text", maxlength: "2000", autocomplete: "off", enterkeyhint: "send" });
    ui.send = el("button", { type: "submit", class: "send" });
    ui.form = el("form", {}, [ui.input, ui.send]);
    ui.privacy = el("p", { class: "privacy" });
    ui.panel = el("section", { id: "opic-panel", class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "opic-title", hidden: "" }, [
      el("div", { class: "head" }, [ui.title, ui.exit, ui.close]),
      el("div", { class: "tools" }, [ui.langs, el("div", { class: "actions" }, [ui.quiz, ui.cases, ui.restart, ui.forget])]),
      ui.log,
      ui.typing,
      ui.status,
      ui.form,
      ui.privacy,
    ]);
    root.append(ui.launcher, ui.panel);

    ui.launcher.addEventListener("click", () => (state.open ? closePanel() : openPanel(true)));
    ui.close.addEventListener("click", closePanel);
    ui.exit.addEventListener("click", quickExit);
    ui.restart.addEventListener("click", startAgain);
    ui.forget.addEventListener("click", forgetMe);
    ui.quiz.addEventListener("click", () => send("/quiz", label("quiz")));
    ui.cases.addEventListener("click", () => send("/cases", label("cases")));
    ui.langButtons.forEach((button) => button.addEventListener("click", () => switchLanguage(button.dataset.lang)));
    ui.form.addEventListener("submit", onSubmit);
    root.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && state.open) {
        event.preventDefault();
        closePanel();
      }
    });
  }

  function applyLabels() {
    root.setAttribute("lang", state.lang);
    ui.launcherText.textContent = label("launcher");
    ui.launcher.setAttribute("aria-label", label("launcher_help"));
    ui.title.textContent = options.title || label("title");
    ui.panel.setAttribute("aria-label", label("panel"));
    ui.exit.textContent = label("quick_exit");
    ui.exit.setAttribute("aria-label", label("quick_exit_help"));
    ui.close.setAttribute("aria-label", label("close"));
    ui.langs.setAttribute("aria-label", label("language"));
    ui.langButtons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang)));
    ui.restart.textContent = label("start_again");
    ui.restart.setAttribute("aria-label", label("start_again_help"));
    ui.forget.textContent = label("forget_me");
    ui.forget.setAttribute("aria-label", label("forget_me_help"));
    ui.quiz.textContent = label("quiz");
    ui.quiz.setAttribute("aria-label", label("quiz_help"));
    ui.cases.textContent = label("cases");
    ui.cases.setAttribute("aria-label", label("cases_help"));
    ui.log.setAttribute("aria-label", label("messages"));
    ui.typingText.textContent = label("typing");
    ui.input.setAttribute("aria-label", label("input"));
    ui.input.setAttribute("placeholder", label("placeholder"));
    ui.send.textContent = label("send");
    ui.send.setAttribute("aria-label", label("send_help"));
    ui.privacy.textContent = label("privacy");
  }

  // The accent colour and a text colour that reads on it (WCAG AA contrast, whatever the colour).
  function applyColor() {
    const probe = el("span");
    root.appendChild(probe);
    probe.style.color = DEFAULT_COLOR;
    if (options.color) probe.style.color = options.color; // an invalid colour is ignored by CSSOM
    const rgb = (getComputedStyle(probe).color.match(/[\d.]+/g) || [29, 78, 216]).slice(0, 3).map(Number);
    probe.remove();
    const luminance = (c) => {
      const [r, g, b] = c.map((v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const accent = luminance(rgb);
    const onWhite = contrast(accent, 1);
    const accentCss = "rgb(" + rgb.join(", ") + ")";
    root.style.setProperty("--accent", accentCss);
    root.style.setProperty("--on-accent", onWhite >= contrast(accent, luminance([17, 17, 17])) ? "#fff" : "#111");
    root.style.setProperty("--accent-text", onWhite >= 4.5 ? accentCss : "#1a1a1a");
  }

  function applyStyles() {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet]; // allowed by a strict CSP, unlike <style>
    } catch (error) {
      shadow.appendChild(el("style", { text: CSS })); // older browsers without constructable sheets
    }
  }

  // ---- messages -------------------------------------------------------------------------

  function appendText(paragraph, text) {
    // Web addresses in bot answers (e.g. a helpline's page) become links; everything else is text.
    const parts = text.split(/(https:\/\/[^\s<>"]*[^\s<>".,;:!?)])/);
    parts.forEach((part, index) => {
      if (index % 2 === 0) {
        if (part) paragraph.appendChild(document.createTextNode(part));
      } else {
        paragraph.appendChild(el("a", { href: part, target: "_blank", rel: "noopener noreferrer", text: part }));
      }
    });
  }

  function renderMessage(message) {
    const item = el("div", { class: "msg " + message.from });
    if (message.lang) item.setAttribute("lang", message.lang);
    const paragraph = el("p", {}, [el("span", { class: "sr", text: label(message.from === "bot" ? "bot_said" : "you_said") + " " })]);
    appendText(paragraph, message.text);
    item.appendChild(paragraph);
    const calls = message.buttons.filter((b) => TEL.test(b.payload));
    if (calls.length) {
      // tap-to-call: a real link to the phone's dialler, big enough for a thumb
      const group = el("div", { class: "calls", role: "group", "aria-label": label("choices") });
      for (const call of calls) group.appendChild(el("a", { class: "call", href: call.payload, text: call.title }));
      item.appendChild(group);
    }
    const choicesOnly = message.buttons.filter((b) => !TEL.test(b.payload));
    if (choicesOnly.length) {
      const choices = el("div", { class: "choices", role: "group", "aria-label": label("choices") });
      for (const button of choicesOnly) {
        const node = el("button", { type: "button", class: "choice", text: button.title });
        node.addEventListener("click", () => send(button.payload, button.title));
        choices.appendChild(node);
      }
      item.appendChild(choices);
    }
    ui.log.appendChild(item);
    return item;
  }

  function renderAll() {
    ui.log.replaceChildren();
    state.messages.forEach(renderMessage);
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function addMessage(message) {
    state.messages.push(message);
    return renderMessage(message);
  }

  function setStatus(text) {
    ui.status.textContent = text || "";
  }

  // Sends one message (typed text or a button's payload). Returns true when the bot answered.
  function send(message, shown, quiet) {
    if (busy || !message.trim()) return Promise.resolve(false);
    busy = true;
    inFlight = exchange(message, shown, quiet).finally(() => (inFlight = null));
    return inFlight;
  }

  async function exchange(message, shown, quiet) {
    setStatus("");
    let mine = null;
    let first = null;
    if (!quiet) {
      mine = { from: "user", text: shown || message, buttons: [] };
      first = addMessage(mine);
    }
    ui.typing.hidden = false;
    ui.log.scrollTop = ui.log.scrollHeight;
    try {
      const response = await call("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender_id: state.id, message: message, language: state.lang }),
      });
      const reply = await response.json();
      for (const m of Array.isArray(reply.messages) ? reply.messages : []) {
        const node = addMessage({ from: "bot", text: String(m.text || ""), buttons: cleanButtons(m.buttons), lang: isLanguage(reply.language) ? reply.language : undefined });
        first = first || node;
      }
      return true;
    } catch (error) {
      if (mine) {
        state.messages.splice(state.messages.indexOf(mine), 1);
        renderAll(); // the message was not sent: it goes back into the text box
        first = null;
      }
      setStatus(errorLabel(error));
      return false;
    } finally {
      busy = false;
      ui.typing.hidden = true;
      if (first) ui.log.scrollTop = Math.max(0, first.offsetTop - 8); // start of the new answer
      saveState();
    }
  }

  async function onSubmit(event) {
    event.preventDefault();
    const text = ui.input.value;
    if (!text.trim()) return;
    ui.input.value = "";
    while (inFlight) await inFlight; // e.g. the greeting is still on its way: send right after it
    const answered = await send(text.trim());
    if (!answered && !ui.input.value) ui.input.value = text; // keep what the child typed
    ui.input.focus();
  }

  function greet() {
    return send("/greet", null, true);
  }

  // ---- panel, language, start again, forget me, quick exit ------------------------------

  function openPanel(focus) {
    state.open = true;
    ui.panel.hidden = false;
    root.classList.add("open");
    ui.launcher.setAttribute("aria-expanded", "true");
    ui.log.scrollTop = ui.log.scrollHeight;
    saveState();
    if (focus) ui.input.focus();
    if (!state.messages.length) greet();
  }

  function closePanel() {
    state.open = false;
    ui.panel.hidden = true;
    root.classList.remove("open");
    ui.launcher.setAttribute("aria-expanded", "false");
    saveState();
    ui.launcher.focus();
  }

  async function switchLanguage(lang) {
    if (lang === state.lang) return;
    try {
      labels = await fetchLabels(lang);
    } catch (error) {
      setStatus(errorLabel(error));
      return;
    }
    state.lang = lang; // the API's `language` field follows from the next message on
    saveState();
    applyLabels();
    renderAll();
    setStatus("");
  }

  function startAgain() {
    if (busy) return;
    forgetOnServer(state.id, false).catch(() => {}); // the old conversation is not needed any more
    state = { ...freshState(state.lang), open: true };
    renderAll();
    setStatus("");
    saveState();
    greet();
    const code = joinCode();
    if (code) joinWorkshop(code); // still in the workshop of this page, as a new conversation
    ui.input.focus();
  }

  async function forgetMe() {
    if (busy) return;
    busy = true;
    try {
      await forgetOnServer(state.id, false);
    } catch (error) {
      busy = false;
      setStatus(label("forget_failed"));
      return;
    }
    busy = false;
    clearStorage();
    state = { ...freshState(state.lang), open: true };
    ui.input.value = "";
    renderAll();
    setStatus(label("forgotten"));
  }

  function quickExit() {
    leaving = true;
    const senderId = state.id;
    clearStorage();
    ui.log.replaceChildren();
    ui.input.value = "";
    ui.panel.hidden = true;
    try {
      forgetOnServer(senderId, true).catch(() => {});
    } catch (error) {
      // leaving matters more than deleting
    }
    location.replace(exitUrl()); // replace: the Back button does not come back here
  }

  // ---- joining a workshop ---------------------------------------------------------------

  function joinCode() {
    let fromPage = null;
    try {
      fromPage = new URLSearchParams(location.search).get("join");
    } catch (error) {
      // no readable address: only data-workshop counts
    }
    return (options.workshop || fromPage || "").trim().slice(0, 32);
  }

  // Joins the workshop of the code once per conversation: the chat switches to the workshop's
  // language (the child can switch back), opens, greets, then says welcome.
  async function joinWorkshop(code) {
    state.joined = code;
    saveState();
    let reply = null;
    let failure = null;
    try {
      const response = await call("/api/workshops/join", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender_id: state.id, code: code }),
      });
      reply = await response.json();
      if (isLanguage(reply.language)) await switchLanguage(reply.language);
    } catch (error) {
      failure = error;
    }
    if (!state.open) openPanel(false);
    while (inFlight) await inFlight; // the greeting first
    if (reply) {
      for (const m of Array.isArray(reply.messages) ? reply.messages : []) {
        addMessage({ from: "bot", text: String(m.text || ""), buttons: cleanButtons(m.buttons), lang: state.lang });
      }
    } else if (failure instanceof HttpError && (failure.status === 404 || failure.status === 422)) {
      addMessage({ from: "bot", text: label("join_unknown"), buttons: [] });
    } else {
      state.joined = null; // try again on the next visit
      setStatus(errorLabel(failure));
    }
    ui.log.scrollTop = ui.log.scrollHeight;
    saveState();
  }

  // ---- start ----------------------------------------------------------------------------

  async function start() {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        LANGUAGES = await fetchLanguages();
        state = loadState();
        labels = await fetchLabels(state.lang);
        break;
      } catch (error) {
        if (attempt === 2) {
          console.warn("opic-bot widget: could not reach " + API);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
    applyStyles();
    shadow.appendChild(root);
    buildInterface();
    document.body.appendChild(host);
    applyColor(); // needs the page's computed styles, so after the host is in the page
    applyLabels();
    renderAll();
    if (state.open || options.open === "true") openPanel(false);
    const code = joinCode();
    if (code && state.joined !== code) joinWorkshop(code);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
