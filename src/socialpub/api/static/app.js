// socialpub's own script: progressive enhancement only. Every page works without it.
"use strict";

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

// ---- compose: a live preview from the server's compose engine, debounced ----
function setupCompose(form) {
  const target = document.getElementById("preview");
  let timer = null;
  let inFlight = null;

  function mergePreview(html) {
    const incoming = document.createElement("div");
    incoming.innerHTML = html;
    const oldCards = target.querySelectorAll("[data-account]");
    const newCards = incoming.querySelectorAll("[data-account]");
    const same = oldCards.length === newCards.length && oldCards.length > 0 &&
      Array.from(oldCards).every((c, i) => c.dataset.account === newCards[i].dataset.account);
    if (!same) {
      target.replaceChildren(...incoming.childNodes);
      return;
    }
    // keep what the person is typing: replace the rendered view, and the text box only when
    // the person has not edited it
    newCards.forEach((card, i) => {
      const old = oldCards[i];
      old.querySelector(".view").replaceWith(card.querySelector(".view"));
      const box = old.querySelector("textarea");
      const dirty = old.querySelector('input[name^="dirty_"]');
      if (dirty.value !== "1") box.value = card.querySelector("textarea").value;
    });
    const head = incoming.querySelectorAll(":scope > p");
    target.querySelectorAll(":scope > p").forEach((p) => p.remove());
    target.prepend(...head);
  }

  async function refresh() {
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    const data = new FormData(form);
    data.set("action", "preview");
    try {
      const answer = await fetch(form.dataset.preview, {
        method: "POST", body: data, signal: inFlight.signal, credentials: "same-origin",
        headers: { "X-CSRF-Token": csrfToken() },
      });
      if (answer.ok) mergePreview(await answer.text());
    } catch (e) {
      if (e.name !== "AbortError") console.warn("preview failed", e);
    }
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 350);
  }

  form.addEventListener("input", (event) => {
    const box = event.target.closest("textarea[data-account-text]");
    if (box) {
      const dirty = form.querySelector(`input[name="dirty_${CSS.escape(box.dataset.accountText)}"]`);
      if (dirty) dirty.value = "1";
    }
    later();
  });
  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.id === "article_file" && input.files && input.files[0]) {
      const file = input.files[0];
      const reader = new FileReader();
      reader.onload = () => {
        form.querySelector("#text").value = reader.result;
        const name = file.name.toLowerCase();
        const format = name.endsWith(".md") || name.endsWith(".markdown") ? "markdown"
          : name.endsWith(".html") || name.endsWith(".htm") ? "html" : "text";
        form.querySelector("#format").value = format;
        input.value = "";
        later();
      };
      reader.readAsText(file);
      return;
    }
    later();
  });
  form.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add-tag]");
    if (add) {
      const field = form.querySelector("#hashtags");
      const tags = field.value.split(/\s+/).filter(Boolean);
      const tag = "#" + add.dataset.addTag;
      if (!tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
      field.value = tags.join(" ");
      refresh();
      return;
    }
    const reset = event.target.closest("[data-reset]");
    if (!reset) return;
    const name = reset.dataset.reset;
    const dirty = form.querySelector(`input[name="dirty_${CSS.escape(name)}"]`);
    if (dirty) dirty.value = "0";
    refresh();
  });
}

// ---- calendar: drag a post to another day or hour; the form below each item is the fallback ----
function setupCalendar(root) {
  let dragged = null;
  root.addEventListener("dragstart", (event) => {
    const item = event.target.closest("[data-delivery]");
    if (!item) return;
    dragged = item;
    event.dataTransfer.setData("text/plain", item.dataset.delivery);
    event.dataTransfer.effectAllowed = "move";
  });
  root.addEventListener("dragover", (event) => {
    const cell = event.target.closest("[data-drop]");
    if (cell && dragged) { event.preventDefault(); cell.classList.add("drop-target"); }
  });
  root.addEventListener("dragleave", (event) => {
    const cell = event.target.closest("[data-drop]");
    if (cell) cell.classList.remove("drop-target");
  });
  root.addEventListener("drop", (event) => {
    const cell = event.target.closest("[data-drop]");
    if (!cell || !dragged) return;
    event.preventDefault();
    const form = dragged.querySelector("form.move");
    // a day cell (month) keeps the post's time of day; an hour cell (week) sets the day and
    // the hour and keeps the minutes, so 09:30 dropped on the 14:00 row becomes 14:30
    const field = form.querySelector('input[name="at"]');
    const current = field.value;  // YYYY-MM-DDTHH:MM in the viewer's zone
    const drop = cell.dataset.drop;
    const hour = drop.includes("T") ? drop.slice(11, 13) : current.slice(11, 13);
    field.value = drop.slice(0, 10) + "T" + hour + ":" + current.slice(14, 16);
    form.submit();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const compose = document.getElementById("compose");
  if (compose) setupCompose(compose);
  const calendar = document.querySelector("[data-calendar]");
  if (calendar) setupCalendar(calendar);
});
