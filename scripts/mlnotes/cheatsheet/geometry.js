// Printable area of the print page (CSS px), from its own @page rule, so nothing is duplicated in Python.
// Evaluated by mlnotes.pdf with Playwright's page.evaluate(): the file is one arrow function.
() => {
    const px = (len) => {
        const d = document.createElement('div');
        d.style.cssText = 'position:absolute;visibility:hidden;height:0;width:' + len;
        document.body.appendChild(d);
        const w = d.getBoundingClientRect().width;
        d.remove();
        return w;
    };
    let size = [px('210mm'), px('297mm')];
    const m = {top: '0', right: '0', bottom: '0', left: '0'};
    for (const sheet of document.styleSheets) {
        for (const rule of sheet.cssRules) {
            if (rule.constructor.name !== 'CSSPageRule') continue;
            for (const k of Object.keys(m)) m[k] = rule.style.getPropertyValue('margin-' + k) || m[k];
            if (/letter/i.test(rule.style.getPropertyValue('size'))) size = [px('8.5in'), px('11in')];
        }
    }
    return {width: size[0] - px(m.left) - px(m.right), height: size[1] - px(m.top) - px(m.bottom)};
}
