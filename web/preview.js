// The document as it will print: the PDF the worker rendered, drawn page by page with pdf.js
// (Debian's libjs-pdf, served by the worker at /web/pdfjs/), the same in every browser; where
// pdf.js is not installed, the browser's own PDF view in a frame. Printing prints the PDF.

import { h } from './dom.js';

let loading = null;
let worker = null;  // one pdf.js worker for every preview: starting one costs more than drawing

// pdf.js, loaded once, on the first preview (it is not part of the page's first load).
function loadPdfJs() {
  if (!loading) {
    loading = new Promise((resolve) => {
      const script = h('script', { src: '/web/pdfjs/pdf.js' });
      script.onload = () => {
        const lib = window.pdfjsLib;
        if (lib) lib.GlobalWorkerOptions.workerSrc = '/web/pdfjs/pdf.worker.js';
        resolve(lib ?? null);
      };
      script.onerror = () => resolve(null);
      document.head.append(script);
    });
  }
  return loading;
}

export class Preview {
  constructor() {
    this.pages = h('div', { class: 'preview-pages', id: 'preview-pages' });
    // The frame holds the PDF for printing (and shows it when pdf.js is missing).
    this.frame = h('iframe', { title: 'Bản in', class: 'preview-frame', id: 'preview-frame', hidden: true });
    this.element = h('div', { class: 'preview-body' }, this.pages, this.frame);
    this.url = null;
    this.shown = 0;
  }

  // Shows a PDF (a Blob); resolves once its pages are drawn.
  async show(blob) {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = URL.createObjectURL(blob);
    this.frame.src = this.url;
    const lib = await loadPdfJs();
    if (!lib) {
      this.pages.hidden = true;
      this.frame.hidden = false;
      this.frame.src = `${this.url}#toolbar=0&view=FitH`;
      return;
    }
    const serial = ++this.shown;
    worker ??= new lib.PDFWorker();
    const pdf = await lib.getDocument({ data: new Uint8Array(await blob.arrayBuffer()), isEvalSupported: false, worker }).promise;
    const width = Math.max(this.pages.clientWidth - 24, 300);
    const ratio = window.devicePixelRatio || 1;
    const canvases = [];
    for (let n = 1; n <= Math.min(pdf.numPages, 12); n++) {
      const page = await pdf.getPage(n);
      const viewport = page.getViewport({ scale: (width / page.getViewport({ scale: 1 }).width) * ratio });
      const canvas = h('canvas', { class: 'page', width: Math.floor(viewport.width), height: Math.floor(viewport.height),
        role: 'img', 'aria-label': `Trang ${n}` });
      canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
      await page.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
      canvases.push(canvas);
      if (serial !== this.shown) return;  // a newer preview came meanwhile
    }
    pdf.destroy();
    const top = this.pages.scrollTop;
    this.pages.replaceChildren(...canvases);
    this.pages.scrollTop = top;
  }

  // Prints the PDF itself, not the page.
  print() {
    if (!this.url) return;
    try {
      this.frame.contentWindow.focus();
      this.frame.contentWindow.print();
    } catch {
      window.open(this.url, '_blank');
    }
  }

  close() {
    if (this.url) URL.revokeObjectURL(this.url);
    this.shown++;
  }
}
