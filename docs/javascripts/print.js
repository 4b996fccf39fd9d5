/* Print collapsed blocks open: open every closed <details> before printing and close the
   same ones again afterwards. (Chromium also shows them through print.css; other browsers
   need this.) */
(() => {
  let opened = [];
  const open = () => {
    opened = [...document.querySelectorAll("details:not([open])")];
    opened.forEach((d) => d.setAttribute("open", ""));
  };
  const restore = () => {
    opened.forEach((d) => d.removeAttribute("open"));
    opened = [];
  };
  window.addEventListener("beforeprint", open);
  window.addEventListener("afterprint", restore);
})();
