// handoff web app: small progressive enhancements. Every page works without this file: uploads and note drafts
// then follow their job on a page that refreshes itself, and the chat form falls back to a reload.
(function () {
  "use strict";
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  async function api(method, url, body) {
    const options = { method, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" };
    if (body instanceof FormData) options.body = body;
    else if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(url, options);
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
      throw new Error(detail);
    }
    return response;
  }

  // A background job: show its progress until it is done or failed.
  function watchJob(box, job) {
    const meter = box.querySelector(".job");
    const bar = meter.querySelector("progress");
    const step = meter.querySelector(".job-step");
    meter.hidden = false;
    return new Promise((resolve, reject) => {
      async function poll() {
        try {
          const current = await (await api("GET", "/api/jobs/" + job.id)).json();
          const percent = current.status === "done" ? 100 : current.total ? Math.round(100 * current.done / current.total) : 0;
          bar.value = percent;
          step.textContent = current.status === "running" ? `${percent}% ${current.step || ""}` : current.status;
          if (current.status === "done") return resolve(current);
          if (current.status === "failed") return reject(new Error(current.error || "the job failed"));
          setTimeout(poll, 400);
        } catch (error) { reject(error); }
      }
      poll();
    });
  }

  function say(box, text, link) {
    const out = box.querySelector(".result");
    out.textContent = text;
    if (link) {
      const a = document.createElement("a");
      a.href = link.href; a.textContent = link.text;
      out.append(" ", a);
    }
  }

  // Uploads: files or a zip go to the API, then the ingest job's progress shows.
  const upload = document.querySelector("form[data-upload]");
  if (upload) upload.addEventListener("submit", async (event) => {
    event.preventDefault();
    const account = upload.account_id.value.trim();
    const data = new FormData();
    for (const file of upload.files.files) data.append("files", file, file.name);
    const button = upload.querySelector("button");
    button.disabled = true;
    say(upload, "Uploading…");
    try {
      const job = await (await api("POST", `/api/accounts/${encodeURIComponent(account)}/uploads`, data)).json();
      say(upload, "Ingesting…");
      const done = await watchJob(upload, job);
      const r = done.result || {};
      say(upload, `Ingested: ${r.documents ?? 0} new or changed, ${r.unchanged ?? 0} unchanged, ${(r.failures || []).length} failed.`,
        { href: `/accounts/${encodeURIComponent(account)}`, text: "Open the account" });
    } catch (error) {
      say(upload, "Upload failed: " + error.message);
    } finally { button.disabled = false; }
  });

  // Note generation: a background job; the page stays usable, and offers the new note when it is ready.
  document.querySelectorAll("form[data-generate-note]").forEach((box) => {
    const button = box.querySelector("button");
    box.addEventListener("submit", async (event) => {
      event.preventDefault();
      button.disabled = true;
      say(box, "Generating…");
      try {
        const job = await (await api("POST", `/api/accounts/${encodeURIComponent(box.dataset.generateNote)}/notes`,
          { as_of: (box.querySelector("input[type=date]") || {}).value || null })).json();
        const done = await watchJob(box, job);
        say(box, `Note version ${done.result.version} is ready (${done.result.gaps} gaps).`,
          { href: location.pathname + "#note", text: "Show it" });
        box.querySelector(".result a").addEventListener("click", (e) => { e.preventDefault(); location.reload(); });
      } catch (error) {
        say(box, "Generation failed: " + error.message);
      } finally { button.disabled = false; }
    });
  });

  // Citations open the cited passage in place: the whole chunk, the quote marked.
  document.addEventListener("toggle", async (event) => {
    const details = event.target;
    if (!(details instanceof HTMLDetailsElement) || !details.open || !details.dataset.passage || details.dataset.loaded) return;
    details.dataset.loaded = "1";
    try {
      const html = await (await api("GET", details.dataset.passage)).text();
      const slot = details.querySelector(".passage");
      slot.outerHTML = html;
    } catch (error) { /* the quote stays shown */ }
  }, true);

  // Plan tasks: ticking a box saves it.
  document.querySelectorAll("input[data-autosubmit]").forEach((box) => {
    box.addEventListener("change", () => box.form.requestSubmit());
  });

  // Chat: stream the answer from the API's server-sent events; sources beside it once checked.
  const ask = document.querySelector("form[data-ask]");
  if (ask) ask.addEventListener("submit", async (event) => {
    event.preventDefault();
    const account = ask.dataset.ask;
    const question = ask.question.value.trim();
    if (!question) return;
    const hint = document.getElementById("empty-hint");
    if (hint) hint.remove();
    const turn = renderTurn(question);
    document.getElementById("turns").append(turn.root);
    const button = ask.querySelector("button");
    button.disabled = true;
    ask.question.value = "";
    try {
      const response = await api("POST", `/api/accounts/${encodeURIComponent(account)}/ask/stream`,
        { question, thread_id: ask.thread_id.value || null });
      await readEvents(response, (name, data) => {
        if (name === "token") turn.answer.textContent += data.text;
        else if (name === "citations") renderSources(turn.sources, account, data.citations);
        else if (name === "done") {
          turn.answer.textContent = data.answer;
          turn.answer.classList.toggle("abstain", !data.answerable);
          if (!data.answerable) renderRelated(turn.sources, data.related || []);
          if (!ask.thread_id.value) {
            ask.thread_id.value = data.thread_id;
            history.replaceState(null, "", `?thread=${encodeURIComponent(data.thread_id)}`);
          }
        } else if (name === "error") turn.answer.textContent = "Error: " + data.detail;
      });
    } catch (error) {
      turn.answer.textContent = "Error: " + error.message;
    } finally {
      button.disabled = false;
      ask.question.focus();
    }
  });

  async function readEvents(response, onEvent) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = "message", data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event: ")) name = line.slice(7);
          else if (line.startsWith("data: ")) data += line.slice(6);
        }
        onEvent(name, data ? JSON.parse(data) : {});
      }
    }
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderTurn(question) {
    const root = el("article", "turn");
    root.append(el("p", "question", question));
    const row = el("div", "answer-row");
    const answer = el("div", "answer");
    const sources = el("aside", "sources");
    sources.setAttribute("aria-label", "Sources");
    row.append(answer, sources);
    root.append(row);
    return { root, answer, sources };
  }

  // A refusal may list nearby documents, apart from sources: they do not answer the question.
  function renderRelated(aside, related) {
    if (!related.length) return;
    aside.append(el("h3", "", "Related, not an answer"));
    const list = el("ul", "related");
    related.forEach((d) => {
      const item = el("li", "", d.title + " ");
      item.append(el("span", "muted small", d.source));
      list.append(item);
    });
    aside.append(list);
  }

  function renderSources(aside, account, citations) {
    if (!citations.length) return;
    aside.append(el("h3", "", "Sources"));
    citations.forEach((c, i) => {
      const details = el("details", "cite");
      details.dataset.passage = `/accounts/${encodeURIComponent(account)}/passage?chunk=${encodeURIComponent(c.chunk_id)}&quote=${encodeURIComponent(c.quote)}`;
      const where = c.locator ? `${c.source}, ${c.locator}` : c.source;  // "documents/order-form.pdf, page 2"
      const summary = el("summary", "", `[${i + 1}]`);
      summary.append(el("span", "src-name", " " + where));
      summary.setAttribute("aria-label", `Source ${i + 1}: ${where}`);
      const passage = el("div", "passage");
      passage.append(el("p", "src", where), el("blockquote", "", c.quote));
      details.append(summary, passage);
      aside.append(details);
    });
  }
})();

// Review: the diff against the original draft follows the edits as you type (the server renders the saved one).
(function () {
  "use strict";
  const form = document.querySelector("form[data-live-diff]");
  const source = document.getElementById("original-draft");
  if (!form || !source || form.body.readOnly) return;
  const original = JSON.parse(source.textContent);
  const pre = document.querySelector("pre.diff");
  const empty = document.getElementById("diff-empty");
  const versions = document.getElementById("diff-versions");
  const saved = versions.textContent;
  const lines = (v) => `To: ${v.to.join(", ")}\nCc: ${v.cc.join(", ")}\nSubject: ${v.subject}\n\n${v.body.replace(/\s+$/, "")}\n`.split("\n");
  const list = (text) => text.split("\n").map((s) => s.trim()).filter(Boolean);

  function diff(a, b) {  // longest common subsequence of lines
    const table = Array.from({ length: a.length + 1 }, () => new Int32Array(b.length + 1));
    for (let i = a.length - 1; i >= 0; i--)
      for (let j = b.length - 1; j >= 0; j--)
        table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    const out = [];
    let i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(["same", a[i]]); i++; j++; }
      else if (table[i + 1][j] >= table[i][j + 1]) out.push(["del", a[i++]]);
      else out.push(["add", b[j++]]);
    }
    while (i < a.length) out.push(["del", a[i++]]);
    while (j < b.length) out.push(["add", b[j++]]);
    return out;
  }

  function render() {
    const now = { to: list(form.to.value), cc: list(form.cc.value), subject: form.subject.value,
      body: form.body.value.replace(/\r\n/g, "\n") };
    const changes = diff(lines(original), lines(now));
    const near = changes.map((_, k) => changes.slice(Math.max(0, k - 2), k + 3).some((c) => c[0] !== "same"));
    pre.replaceChildren();
    let gap = false;
    changes.forEach(([kind, text], k) => {
      if (kind === "same" && !near[k]) { if (!gap) pre.append(Object.assign(document.createElement("span"), { className: "hunk", textContent: "  …" })); gap = true; return; }
      gap = false;
      const line = document.createElement("span");
      line.className = kind;
      const inner = document.createElement(kind === "add" ? "ins" : kind === "del" ? "del" : "span");
      inner.textContent = (kind === "add" ? "+ " : kind === "del" ? "− " : "  ") + text;
      line.append(inner);
      pre.append(line);
    });
    const changed = changes.some((c) => c[0] !== "same");
    pre.hidden = !changed;
    empty.hidden = changed;
    versions.textContent = saved + " · with your unsaved edits";
  }
  form.addEventListener("input", render);
})();
