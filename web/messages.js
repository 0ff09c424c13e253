// What the checker says (in English, as the API speaks) put in the clerk's words, and where on
// the form it belongs.

// The Vietnamese names of choices the schema lists.
const CHOICES = {
  pledge: 'Ký kết giao ước thi đua',
  award: 'Trao thưởng',
  commemoration: 'Kỷ niệm',
  merit: 'Giấy khen',
  standard: 'Giấy chứng nhận đạt chuẩn',
  lead: 'Đơn vị chủ trì',
  deputy: 'Đơn vị phó',
  member: 'Đơn vị thành viên',
  yes: 'Có',
  no: 'Không',
};

export function choiceLabel(value) {
  return CHOICES[value] ?? value;
}

export const KIND_NAMES = {
  meeting: 'Biên bản họp',
  ceremony: 'Buổi lễ, giao ước',
  certification: 'Giấy khen, công nhận',
};

export const STATE_NAMES = {
  draft: 'Bản nháp',
  queued: 'Đang chờ in',
  running: 'Đang in',
  done: 'Đã ban hành',
  failed: 'Lỗi khi in',
  cancelled: 'Đã hủy',
  deleted: 'Đã xóa bản in',
  awaiting_signature: 'Chờ lãnh đạo ký số',
};

// What the clerk may ask for when issuing: who signs the PDF digitally (?sign=). The short
// text is the option, shown after the label «Ký số» in the editor's head (the select is as wide
// as its longest option, so they stay short); the long one is its tooltip.
export const SIGN_CHOICES = [
  ['', 'Không', 'Không ký số'],
  ['person', 'Lãnh đạo', 'Lãnh đạo ký số'],
  ['person,organization', 'Lãnh đạo và cơ quan', 'Lãnh đạo ký số, sau đó đóng dấu số của cơ quan'],
  ['organization', 'Cơ quan', 'Đóng dấu số của cơ quan (người có quyền ký)'],
];

// The message of one problem, in Vietnamese; labelOf(tag) names an element or attribute.
export function problemText(problem, labelOf) {
  const m = problem.message ?? '';
  let r;
  if ((r = /^missing <([^>]+)>$/.exec(m))) return `Thiếu «${labelOf(r[1])}».`;
  if ((r = /^missing attribute (\S+)$/.exec(m))) return `Thiếu «${labelOf('@' + r[1])}».`;
  if ((r = /^empty <([^>]+)>$/.exec(m)) || /^empty \S+ \(/.test(m)) return 'Chưa điền.';
  if (/is not a date and time/.test(m)) return 'Ngày giờ chưa đúng (ngày dd/mm/yyyy, giờ hh:mm).';
  if (/is not a date/.test(m)) return 'Ngày chưa đúng dạng dd/mm/yyyy.';
  if (/is not a time/.test(m)) return 'Giờ chưa đúng dạng hh:mm.';
  if (/is not a whole number/.test(m)) return 'Phải là một số nguyên.';
  if (/is not a valid id/.test(m)) return 'Mã chỉ gồm chữ không dấu, chữ số và . _ : - (tối đa 128 ký tự).';
  if (/is not a valid template name/.test(m)) return 'Tên mẫu không hợp lệ.';
  if (/is not a valid/.test(m)) return 'Giá trị không nằm trong danh sách cho phép.';
  if (/^duplicate /.test(m)) return 'Mã này đã dùng cho một dòng khác.';
  if (/ends .* before it starts/.test(m)) return 'Giờ kết thúc sớm hơn giờ bắt đầu.';
  if (/may occur only once/.test(m)) return 'Mục này chỉ được có một lần.';
  if (/^markup <|^text is not allowed|is not allowed on </.test(m)) return 'Định dạng không được phép ở đây.';
  if (/not allowed in XML|^character /.test(m)) return 'Có ký tự không được phép (ký tự điều khiển).';
  if (/^record is .* bytes/.test(m)) return 'Hồ sơ quá lớn.';
  if (/archive line|Lưu/.test(m)) return 'Dòng «Lưu: …» nên đặt cuối danh sách nơi nhận.';
  if (/^no glyph for/.test(m)) return 'Phông chữ không có ký tự này; ký tự sẽ không in ra được.';
  if (/does not fit|taller than a page|shrunk|scaled down/.test(m)) return 'Nội dung không vừa khuôn trang; hãy xem lại bản in thử.';
  return 'Nội dung chưa đúng quy định của mẫu hồ sơ.';
}

// The record path on the form a problem belongs to: a missing element belongs at the place the
// element would be; an attribute at its own input.
export function problemPath(problem) {
  const p = problem.path ?? '';
  const m = /^missing <([^>]+)>$/.exec(problem.message ?? '');
  if (m) return `${p}/${m[1]}`;
  const a = /^missing attribute (\S+)$/.exec(problem.message ?? '');
  if (a) return `${p}/@${a[1]}`;
  return p;
}
