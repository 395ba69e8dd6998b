// Time zone pickers (an input over the list of IANA zones, _ZonePicker.cshtml): the browser knows its own zone
// (Intl), so each picker whose value differs offers it in one click. Nothing is filled in unasked: an empty field
// can mean "my office's zone".
(function () {
  "use strict";

  let detected;
  try {
    detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }

  const known = new Set(Array.from(document.querySelectorAll("#iana-zones option"), (option) => option.value));
  if (!detected || !known.has(detected)) {
    return;
  }

  for (const input of document.querySelectorAll("input[data-zone-picker]")) {
    if (input.value === detected) {
      continue;
    }

    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary zone-detect";
    button.setAttribute("data-testid", "zone-detect");
    button.textContent = input.dataset.detectLabel.replace("{0}", detected);
    button.addEventListener("click", () => {
      input.value = detected;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      button.remove();
    });
    input.after(button);
  }
})();
