/* Software pages: key/link dialogs with a Copy button, and the cancel dialog. Everything also works
   without JavaScript: the forms post to pages that show the same content. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try {
        if (document.execCommand("copy")) { resolve(); } else { reject(new Error("copy refused")); }
      } catch (error) {
        reject(error);
      } finally {
        document.body.removeChild(area);
      }
    });
  }

  function syncStandings(root) {
    var select = root && root.querySelector("select[name=purchase]");
    if (!select) { return; }
    root.querySelectorAll("[data-standing-for]").forEach(function (item) {
      item.hidden = item.getAttribute("data-standing-for") !== select.value;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) { return; }
    var target = document.querySelector(button.getAttribute("data-copy-target"));
    var status = button.parentElement.querySelector("[data-copy-status]");
    copyText(target.textContent.trim()).then(
      function () { status.textContent = button.getAttribute("data-copied"); },
      function () { status.textContent = button.getAttribute("data-copy-failed"); }
    );
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-fetch-dialog]");
    var dialog = document.getElementById("artifact-dialog");
    if (!form || !dialog || !window.fetch || typeof dialog.showModal !== "function") { return; }
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      var value = dialog.querySelector("#artifact-value");
      var error = dialog.querySelector("[data-error]");
      var copy = dialog.querySelector("[data-copy-target]");
      var note = dialog.querySelector("[data-note]");
      dialog.querySelector("[data-title]").textContent = form.getAttribute("data-title");
      dialog.querySelector("[data-copy-status]").textContent = "";
      note.textContent = "";
      if (result.ok) {
        value.textContent = form.getAttribute("data-fetch-dialog") === "key" ? result.data.productKey : result.data.url;
        if (result.data.expiresAt) {
          // "2026-11-23T00:18:14.96+00:00" -> "2026-11-23 00:18", as the no-JavaScript page shows it.
          note.textContent = form.getAttribute("data-note") + " " + result.data.expiresAt.slice(0, 16).replace("T", " ");
        }
        value.hidden = false;
        copy.hidden = false;
        error.hidden = true;
      } else {
        value.textContent = "";
        value.hidden = true;
        copy.hidden = true;
        error.textContent = result.data.description;
        error.hidden = false;
      }
      dialog.showModal();
    });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-cancel-dialog]");
    var dialog = document.getElementById("cancel-dialog");
    if (!link || !dialog || !window.fetch || typeof dialog.showModal !== "function") { return; }
    event.preventDefault();
    fetch(link.href + "?partial=1", { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        dialog.querySelector("[data-body]").innerHTML = html;
        syncStandings(dialog);
        dialog.showModal();
      });
  });

  // The dialog stays open after a cancellation: the answer is the dialog again, set on the next order id.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-dialog-form]");
    var dialog = document.getElementById("cancel-dialog");
    if (!form || !dialog || !window.fetch) { return; }
    if (event.submitter && event.submitter.getAttribute("formmethod") === "dialog") { return; }
    event.preventDefault();
    fetch(form.action + "?partial=1", { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        dialog.querySelector("[data-body]").innerHTML = html;
        syncStandings(dialog);
        var status = dialog.querySelector("[role=status], [role=alert]");
        if (status) { status.setAttribute("tabindex", "-1"); status.focus(); }
      });
  });

  // Closing the dialog after a cancellation reloads the tab, so it shows what was submitted.
  document.addEventListener("close", function (event) {
    if (event.target.id === "cancel-dialog" && event.target.querySelector(".alert-success")) { window.location.reload(); }
  }, true);

  document.addEventListener("change", function (event) {
    if (event.target.matches("select[name=purchase]")) { syncStandings(event.target.closest("form")); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.cancel-form").forEach(syncStandings);
  });
})();
