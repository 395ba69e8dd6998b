// Every page: the small-screen menu, and the browser's time zone for people who have not chosen one
// (ViewerZone reads the cookie; the profile's zone and the office's come first).
(() => {
  "use strict";
  document.documentElement.classList.add("js");

  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const current = document.cookie.split("; ").find((c) => c.startsWith("cooperation.tz="));
  if (zone && current !== "cooperation.tz=" + encodeURIComponent(zone)) {
    document.cookie = "cooperation.tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
  }

  const toggle = document.querySelector(".menu-toggle");
  const menu = document.getElementById("site-menu");
  if (toggle && menu) {
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("open", open);
    });
  }
})();
