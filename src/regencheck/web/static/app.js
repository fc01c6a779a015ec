// Light progressive enhancement: every page works without it.
(function () {
  "use strict";
  // Ask before destructive form submissions.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  // Show a finding's reason and basis in a tooltip on hover and keyboard focus.
  var tip = null;
  function show(mark) {
    hide();
    tip = document.createElement("div");
    tip.className = "tip";
    tip.setAttribute("role", "tooltip");
    tip.textContent = mark.getAttribute("title") || "";
    document.body.appendChild(tip);
    var box = mark.getBoundingClientRect();
    tip.style.left = (window.scrollX + box.left) + "px";
    tip.style.top = (window.scrollY + box.bottom + 6) + "px";
  }
  function hide() { if (tip) { tip.remove(); tip = null; } }
  document.querySelectorAll("mark.finding").forEach(function (mark) {
    mark.addEventListener("mouseenter", function () { show(mark); });
    mark.addEventListener("focus", function () { show(mark); });
    mark.addEventListener("mouseleave", hide);
    mark.addEventListener("blur", hide);
  });
})();
