// Text as the clerk types it and as the record stores it: dates, times, NFC, pasted tables.

// Vietnamese typed with Telex, VNI or an input method may arrive decomposed; the record keeps NFC.
export function nfc(s) {
  return (s ?? '').normalize('NFC');
}

// "2022-08-01" -> "01/08/2022"; anything else is shown as it is.
export function showDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso ?? '');
}

// "1/8/2022", "01/08/2022" or "01-08-2022" -> "2022-08-01"; null when it is not a real date.
export function readDate(typed) {
  const t = (typed ?? '').trim();
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (!m) return /^\d{4}-\d{2}-\d{2}$/.test(t) ? t : null;
  const d = +m[1], mo = +m[2], y = +m[3];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// "8:00", "08:00", "8h", "8h30" -> "08:00"; null when it is not a time of day.
export function readTime(typed) {
  const m = /^(\d{1,2})(?:[:hH.](\d{2})?)?$/.exec((typed ?? '').trim());
  if (!m) return null;
  const h = +m[1], mi = m[2] === undefined ? 0 : +m[2];
  if (h > 23 || mi > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`;
}

// An ISO time stamp as the clerk reads it: "04/12/2026 09:05".
export function showStamp(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n) => String(n).padStart(2, '0');
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

// Rows of cells from text copied out of Excel, LibreOffice or a Word table: tab-separated,
// one row a line, a cell holding a line break or a tab quoted with "" (doubled inside).
export function readPastedRows(text) {
  const rows = [];
  let row = [], cell = '', quoted = false, i = 0;
  const s = (text ?? '').replace(/\r\n?/g, '\n');
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c; i++; continue;
    }
    if (c === '"' && cell === '') { quoted = true; i++; continue; }
    if (c === '\t') { row.push(cell); cell = ''; i++; continue; }
    if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; continue; }
    cell += c; i++;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.map((r) => r.map((x) => nfc(x.trim()))).filter((r) => r.some((x) => x !== ''));
}

// A new record id: a prefix of the kind, the day, and six random letters or digits.
export function newRecordId(kind) {
  const prefix = { meeting: 'bb', ceremony: 'le', certification: 'cn' }[kind] ?? 'hs';
  const d = new Date();
  const day = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  const tail = Array.from(bytes, (b) => 'abcdefghijkmnpqrstuvwxyz23456789'[b % 32]).join('');
  return `${prefix}-${day}-${tail}`;
}
