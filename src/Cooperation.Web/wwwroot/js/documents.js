// Uploads for the document pages: drag and drop or choose files; each file goes to the API in its own request
// (XMLHttpRequest, for upload progress) with the sign-in cookie and the page's anti-forgery token in a header.
// When every upload has finished, the list on the page is refreshed from the server.
(() => {
  "use strict";

  function setup(zone) {
    if (zone.dataset.ready) return;
    zone.dataset.ready = "true";
    const input = zone.querySelector("input[type=file]");
    const list = zone.querySelector(".upload-list");
    let running = 0;

    const start = files => {
      const chosen = zone.dataset.single === "true" ? Array.from(files).slice(0, 1) : Array.from(files);
      chosen.forEach(file => upload(file));
    };

    const upload = file => {
      const item = document.createElement("li");
      item.dataset.testid = "upload-item";
      const name = document.createElement("span");
      name.className = "upload-name";
      name.textContent = file.name;
      const bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", file.name);
      const status = document.createElement("span");
      status.className = "upload-status";
      status.setAttribute("role", "status");
      item.append(name, bar, status);
      list.append(item);

      const form = new FormData();
      form.append("file", file, file.name);
      const request = new XMLHttpRequest();
      request.open("POST", zone.dataset.upload);
      request.setRequestHeader(zone.dataset.antiforgeryHeader, zone.dataset.antiforgeryToken);
      request.responseType = "json";
      request.upload.addEventListener("progress", e => {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      request.addEventListener("load", () => {
        const body = request.response || {};
        if (request.status === 201) {
          bar.value = 100;
          item.dataset.state = "done";
          const duplicates = (body.duplicates || []).map(d => d.title);
          status.textContent = duplicates.length
            ? `${zone.dataset.textDone} · ${zone.dataset.textDuplicate} ${duplicates.join(", ")}`
            : zone.dataset.textDone;
        } else {
          fail(body.detail || body.title || `HTTP ${request.status}`);
        }
      });
      request.addEventListener("error", () => fail("network error"));
      request.addEventListener("loadend", () => {
        running -= 1;
        if (running === 0) refresh();
      });
      running += 1;
      request.send(form);

      function fail(message) {
        item.dataset.state = "failed";
        item.classList.add("failed");
        status.textContent = `${zone.dataset.textFailed} ${message}`;
      }
    };

    const refresh = async () => {
      const selector = zone.dataset.refresh;
      if (!selector) return;
      const response = await fetch(location.href, { credentials: "same-origin" });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").querySelector(selector);
      const current = document.querySelector(selector);
      if (fresh && current) current.replaceWith(fresh);
    };

    input?.addEventListener("change", () => {
      start(input.files);
      input.value = "";
    });
    zone.addEventListener("dragover", e => {
      e.preventDefault();
      zone.classList.add("dragging");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
    zone.addEventListener("drop", e => {
      e.preventDefault();
      zone.classList.remove("dragging");
      start(e.dataTransfer.files);
    });
  }

  const init = () => document.querySelectorAll("[data-upload]").forEach(setup);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
