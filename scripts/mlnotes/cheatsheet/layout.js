// Lay the cheat sheet out at one detail level, page by page, and return the number of pages.
// Evaluated by mlnotes.pdf with Playwright's page.evaluate(): the file is one arrow function taking
// {level, maxLevel, height}: the level to show (classes lv1 … lv<level> on <html>), the number of levels
// (data-max-level of the print page) and the printable height in CSS px.
//
// Chromium's own fragmentation of a multi-column block across printed pages sometimes pushes the
// whole block to page 2 (seen here: page 1 left with only the title). So pages are made here
// instead: each page is a box of the page's height holding a 3-column block of fixed height
// (column-fill: auto); whatever overflows into a 4th column moves, split at a bullet or a block,
// to the next box (headings go along with what follows them). Columns inside one box are laid out
// by Chromium as on screen; the last box is balanced. The page count is exact before printing.
({level, maxLevel, height}) => {
    const H = Math.floor(height) - 2;
    const root = document.documentElement;
    const state = window.__cheatsheet || (window.__cheatsheet = {
        head: document.querySelector('.cs-head').cloneNode(true),
        cols: document.querySelector('main.cs-cols').cloneNode(true),
    });
    for (let i = 1; i <= maxLevel; i++) root.classList.toggle('lv' + i, i <= level);
    root.dataset.level = String(level);
    document.body.replaceChildren();

    const shown = (e) => e.getClientRects().length > 0 && e.getBoundingClientRect().height > 0;
    const newPage = (first) => {
        const page = document.createElement('div');
        page.className = 'cs-page';
        document.body.append(page);
        let top = 0;
        if (first) {
            const head = state.head.cloneNode(true);
            page.append(head);
            const cs = getComputedStyle(head);
            top = head.getBoundingClientRect().height + parseFloat(cs.marginTop) + parseFloat(cs.marginBottom);
        }
        const cols = document.createElement('main');
        cols.className = 'cs-cols';
        cols.style.columnFill = 'auto';
        cols.style.height = (H - top) + 'px';
        page.append(cols);
        return cols;
    };

    // page 1 gets everything; then hide sections (and pages) this level leaves empty
    let cols = newPage(true);
    cols.append(...state.cols.cloneNode(true).childNodes);
    cols.querySelectorAll('.sec').forEach((sec) => {
        const content = [...sec.children].filter((c) => !/^H[1-6]$/.test(c.tagName));
        sec.classList.toggle('empty', !content.some(shown));
    });
    cols.querySelectorAll('.svc').forEach((svc) => {
        svc.classList.toggle('empty', !svc.querySelector('.sec:not(.empty)'));
    });
    const atoms = [...cols.querySelectorAll('.svc > h2, .sec > :not(ul), .sec > ul > li')].filter(shown);
    const isHeading = (e) => /^H[1-6]$/.test(e.tagName);

    // move `node` and everything after it (inside `cols`) into fresh copies of its ancestors
    const splitAt = (node, cols) => {
        let moving = [];
        for (let n = node; n; n = n.nextSibling) moving.push(n);
        let parent = node.parentElement;
        while (parent !== cols) {
            const shell = parent.cloneNode(false);
            shell.removeAttribute('id');
            shell.classList.add('cont');
            const after = [];
            for (let n = parent.nextSibling; n; n = n.nextSibling) after.push(n);
            shell.append(...moving);
            moving = [shell, ...after];
            const up = parent.parentElement;
            if (!parent.querySelector('h2, h3, h4, li, p, pre, table, div.adm')) {
                // nothing of it stays behind: not a continuation, the original moves whole
                shell.classList.remove('cont');
                if (parent.id) shell.id = parent.id;
                parent.remove();
            }
            parent = up;
        }
        return moving;
    };

    let first = 0;  // index in atoms of the first atom on the current page
    for (let guard = 0; guard < 50; guard++) {
        const box = cols.getBoundingClientRect();
        let i = -1;
        for (let k = first; k < atoms.length && i < 0; k++) {
            for (const r of atoms[k].getClientRects()) {
                if (r.height && (r.right > box.right + 1 || r.bottom > box.bottom + 1)) { i = k; break; }
            }
        }
        if (i < 0) break;
        while (i > first && isHeading(atoms[i - 1])) i--;   // keep headings with what follows
        if (i === first) i = first + 1;                       // a block taller than a page stays
        if (i >= atoms.length) break;
        const moving = splitAt(atoms[i], cols);
        cols = newPage(false);
        cols.append(...moving);
        first = i;
    }
    // balance the columns of the last page
    cols.style.maxHeight = cols.style.height;
    cols.style.height = 'auto';
    cols.style.columnFill = 'balance';
    const pages = document.querySelectorAll('.cs-page');
    pages[pages.length - 1].classList.add('last');
    const box = cols.getBoundingClientRect();
    const overflow = [...cols.querySelectorAll('li, p, h2, h3, pre, tr')]
        .some((e) => [...e.getClientRects()].some((r) => r.height && r.right > box.right + 1));
    return {pages: pages.length, overflow};
}
