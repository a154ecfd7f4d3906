/* Behaviour shared by every page, kept out of the templates: the Content-Security-Policy allows no
   inline script. Without JavaScript every page still works: the language form has its own button and
   the settings menu's links stay listed beside the gear. */
(function () {
  "use strict";

  /* A <select data-autosubmit> submits its form when changed (the language switch). */
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) { select.form.submit(); }
  });

  /* Dropdown menus of the top bar (the gear's settings menu): a button that opens a list of links. */
  function setOpen(menu, open) {
    menu.list.hidden = !open;
    menu.button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function enhanceMenu(root) {
    var menu = { button: root.querySelector("[data-menu-button]"), list: root.querySelector("[data-menu-list]") };
    if (!menu.button || !menu.list) { return; }
    root.setAttribute("data-menu-ready", "");
    setOpen(menu, false);
    menu.button.addEventListener("click", function () {
      var opening = menu.list.hidden;
      setOpen(menu, opening);
      if (opening) {
        var first = menu.list.querySelector("a");
        if (first) { first.focus(); }
      }
    });
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !menu.list.hidden) {
        setOpen(menu, false);
        menu.button.focus();
      }
    });
    root.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !root.contains(event.relatedTarget)) { setOpen(menu, false); }
    });
    document.addEventListener("click", function (event) {
      if (!root.contains(event.target)) { setOpen(menu, false); }
    });
  }

  document.querySelectorAll("[data-menu]").forEach(enhanceMenu);
})();
