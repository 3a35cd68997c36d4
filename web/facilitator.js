/*
 * The facilitator page: sign in with a token (kept in sessionStorage, this tab only), create
 * workshops, and follow one on a dashboard that polls its report every few seconds.
 * Vanilla JavaScript; every text from the server is inserted as text, never as HTML.
 */
(function () {
  "use strict";

  const TOKEN_KEY = "opic-bot-facilitator";
  const POLL_MS = 3000;
  const SVG = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);
  let current = null; // the workshop shown on the dashboard
  let timer = null;
  const objectUrls = [];

  function token() { return sessionStorage.getItem(TOKEN_KEY) || ""; }

  async function api(path, init) {
    const response = await fetch(path, {
      ...(init || {}),
      headers: { Authorization: "Bearer " + token(), ...((init && init.headers) || {}) },
    });
    if (response.status === 401) { signOut("Your token was not accepted. Please sign in again."); throw new Error("401"); }
    return response;
  }

  async function errorText(response) {
    try { return (await response.json()).error.message; } catch (e) { return "Something went wrong (" + response.status + ")."; }
  }

  function show(section) {
    for (const id of ["sign-in", "workshops", "dashboard"]) $(id).hidden = id !== section;
    $("sign-out").hidden = section === "sign-in";
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function cell(row, text) { const td = document.createElement("td"); td.textContent = text; row.appendChild(td); return td; }

  function when(iso) { return new Date(iso).toLocaleString(); }

  // ---- sign in / out -------------------------------------------------------------------

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    stopPolling();
    $("sign-in-error").textContent = message || "";
    show("sign-in");
  }

  $("sign-in-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
    $("token").value = "";
    try { await loadList(); } catch (e) { /* signOut has said why */ }
  });
  $("sign-out").addEventListener("click", () => signOut(""));

  // ---- the list ------------------------------------------------------------------------

  async function loadLanguages() {
    const names = await (await fetch("/api/widget/languages")).json();
    const select = $("language");
    clear(select);
    for (const [code, name] of Object.entries(names)) {
      const option = document.createElement("option");
      option.value = code; option.textContent = name;
      select.appendChild(option);
    }
  }

  async function loadList() {
    const response = await api("/api/workshops");
    const workshops = await response.json();
    const body = $("workshop-list").querySelector("tbody");
    clear(body);
    for (const w of workshops) {
      const row = document.createElement("tr");
      cell(row, w.code); cell(row, w.title); cell(row, w.language);
      cell(row, String(w.participants)); cell(row, w.open ? when(w.expires_at) : "ended");
      const open = document.createElement("button");
      open.type = "button"; open.textContent = "Dashboard";
      open.setAttribute("aria-label", "Dashboard of " + w.title);
      open.addEventListener("click", () => openDashboard(w));
      cell(row, "").appendChild(open);
      body.appendChild(row);
    }
    $("workshop-list").hidden = workshops.length === 0;
    $("no-workshops").hidden = workshops.length > 0;
    show("workshops");
  }

  $("create-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("create-error").textContent = "";
    const body = { title: $("title").value, language: $("language").value, hours: Number($("hours").value) };
    const response = await api("/api/workshops", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    if (!response.ok) { $("create-error").textContent = await errorText(response); return; }
    $("title").value = "";
    openDashboard(await response.json());
  });

  // ---- the dashboard -------------------------------------------------------------------

  async function image(path, img) {
    const response = await api(path);
    if (!response.ok) return;
    const url = URL.createObjectURL(await response.blob());
    objectUrls.push(url);
    img.src = url;
  }

  function openDashboard(workshop) {
    current = workshop;
    for (const url of objectUrls.splice(0)) URL.revokeObjectURL(url);
    $("dash-title").textContent = workshop.title;
    $("dash-code").textContent = workshop.code;
    $("web-link").textContent = workshop.web_link; $("web-link").href = workshop.web_link;
    $("telegram-line").hidden = !workshop.telegram_link;
    $("qr-telegram-figure").hidden = !workshop.telegram_link;
    if (workshop.telegram_link) {
      $("telegram-link").textContent = workshop.telegram_link; $("telegram-link").href = workshop.telegram_link;
      image("/api/workshops/" + workshop.code + "/qr/telegram.svg", $("qr-telegram"));
    }
    image("/api/workshops/" + workshop.code + "/qr/web.svg", $("qr-web"));
    const handouts = $("handouts");
    clear(handouts);
    for (const [language, link] of Object.entries(workshop.handout_links)) {
      const a = document.createElement("a");
      a.href = link; a.target = "_blank"; a.rel = "noopener"; a.textContent = language;
      handouts.appendChild(a); handouts.appendChild(document.createTextNode(" "));
    }
    show("dashboard");
    refresh();
    stopPolling();
    timer = setInterval(refresh, POLL_MS);
  }

  function stopPolling() { if (timer) clearInterval(timer); timer = null; }

  async function refresh() {
    if (!current || document.hidden) return;
    let response;
    try { response = await api("/api/workshops/" + current.code + "/report"); } catch (e) { return; }
    if (response.status === 404) { stopPolling(); $("dash-status").textContent = "This workshop was deleted."; return; }
    if (!response.ok) { $("updated").textContent = "Could not update; trying again."; return; }
    render(await response.json());
  }

  function render(report) {
    $("dash-status").textContent = report.open
      ? "Open for joining until " + when(report.expires_at) + "."
      : "Ended: nobody can join any more. The report stays until it is purged.";
    $("end").hidden = !report.open;
    $("participants").textContent = String(report.participants);
    $("messages").textContent = String(report.messages);
    $("updated").textContent = "Last update: " + new Date().toLocaleTimeString() + ".";
    renderTopics(report.topics);
    renderQuiz(report.quiz);
    renderCases(report.cases);
    renderUnanswered(report);
  }

  function renderTopics(topics) {
    const chart = $("topics-chart");
    clear(chart);
    $("topics-empty").hidden = topics.length > 0;
    if (!topics.length) return;
    const shown = topics.slice(0, 10);
    const max = Math.max(...shown.map((t) => t.count));
    const rowHeight = 30, labelWidth = 300, width = 760;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + rowHeight * shown.length);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Topics asked most: " + shown.map((t) => t.title + " " + t.count).join(", "));
    shown.forEach((topic, i) => {
      const y = i * rowHeight;
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("x", "0"); label.setAttribute("y", String(y + 20));
      label.textContent = topic.title;
      const bar = document.createElementNS(SVG, "rect");
      const length = Math.max(2, ((width - labelWidth - 50) * topic.count) / max);
      bar.setAttribute("class", "bar"); bar.setAttribute("x", String(labelWidth)); bar.setAttribute("y", String(y + 6));
      bar.setAttribute("width", String(length)); bar.setAttribute("height", String(rowHeight - 12));
      bar.dataset.topic = topic.topic;
      const count = document.createElementNS(SVG, "text");
      count.setAttribute("x", String(labelWidth + length + 6)); count.setAttribute("y", String(y + 20));
      count.textContent = String(topic.count);
      svg.append(label, bar, count);
    });
    chart.appendChild(svg);
  }

  function renderQuiz(results) {
    const body = $("quiz-table").querySelector("tbody");
    clear(body);
    for (const r of results) {
      const row = document.createElement("tr");
      cell(row, r.text); cell(row, String(r.answered));
      cell(row, r.correct + " (" + Math.round((100 * r.correct) / r.answered) + "%)");
      body.appendChild(row);
    }
    $("quiz-table").hidden = results.length === 0;
    $("quiz-empty").hidden = results.length > 0;
  }

  function renderCases(results) {
    const body = $("cases-table").querySelector("tbody");
    clear(body);
    for (const r of results) {
      const row = document.createElement("tr");
      cell(row, r.title); cell(row, String(r.votes.yes || 0)); cell(row, String(r.votes.no || 0));
      cell(row, String(r.votes.unsure || 0)); cell(row, r.agreed + " of " + r.answered);
      body.appendChild(row);
    }
    $("cases-table").hidden = results.length === 0;
    $("cases-empty").hidden = results.length > 0;
  }

  function renderUnanswered(report) {
    const list = $("unanswered");
    clear(list);
    const note = $("unanswered-hidden");
    if (report.unanswered === null) {
      note.hidden = false;
      note.textContent = "Shown once at least " + report.min_participants +
        " participants have joined, so that nobody can be recognised.";
      return;
    }
    note.hidden = report.unanswered.length > 0;
    note.textContent = "None so far.";
    for (const text of report.unanswered) {
      const item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    }
  }

  $("csv").addEventListener("click", async () => {
    const response = await api("/api/workshops/" + current.code + "/report.csv");
    if (!response.ok) return;
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement("a");
    a.href = url; a.download = "workshop-" + current.code + ".csv";
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });

  $("end").addEventListener("click", async () => {
    if (!confirm("End the workshop now? Nobody else can join, and what children do is no longer counted.")) return;
    await api("/api/workshops/" + current.code + "/end", { method: "POST" });
    refresh();
  });

  $("delete").addEventListener("click", async () => {
    if (!confirm("Delete this workshop and everything counted in it? This cannot be undone.")) return;
    await api("/api/workshops/" + current.code, { method: "DELETE" });
    current = null; stopPolling();
    loadList();
  });

  $("back").addEventListener("click", () => { current = null; stopPolling(); loadList(); });
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });

  loadLanguages();
  if (token()) loadList().catch(() => {}); else show("sign-in");
})();
