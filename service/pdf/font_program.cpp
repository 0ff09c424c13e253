// Owns reading TrueType files once per process and cutting them down to a PDF's glyphs.
#include "pdf/font_program.hpp"

#include <hpdf_fontdef.h>  // the descriptor flags

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>

namespace pdf {

namespace {

constexpr std::size_t max_font_bytes = 64u << 20;

std::uint16_t u16(std::string_view b, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) << 8 | static_cast<unsigned char>(b[at + 1]));
}

std::int16_t s16(std::string_view b, std::size_t at) { return static_cast<std::int16_t>(u16(b, at)); }

std::uint32_t u32(std::string_view b, std::size_t at) {
    return static_cast<std::uint32_t>(u16(b, at)) << 16 | u16(b, at + 2);
}

void put16(std::string& b, std::size_t at, std::uint32_t v) {
    b[at] = static_cast<char>(v >> 8 & 0xFF);
    b[at + 1] = static_cast<char>(v & 0xFF);
}

void put32(std::string& b, std::size_t at, std::uint32_t v) {
    put16(b, at, v >> 16);
    put16(b, at + 2, v & 0xFFFF);
}

void append16(std::string& b, std::uint32_t v) {
    b.push_back(static_cast<char>(v >> 8 & 0xFF));
    b.push_back(static_cast<char>(v & 0xFF));
}

void append32(std::string& b, std::uint32_t v) {
    append16(b, v >> 16);
    append16(b, v & 0xFFFF);
}

// The sum of a table's big-endian 32-bit words, the last one padded with zeros.
std::uint32_t checksum(const std::string& b, std::size_t begin, std::size_t end) {
    std::uint32_t sum = 0;
    for (std::size_t i = begin; i < end; i += 4) {
        std::uint32_t word = 0;
        for (std::size_t k = 0; k < 4; ++k)
            word = word << 8 | (i + k < end ? static_cast<unsigned char>(b[i + k]) : 0u);
        sum += word;
    }
    return sum;
}

// Composite glyph flags (OpenType glyf table).
constexpr std::uint16_t arg_words = 0x0001, has_scale = 0x0008, more_components = 0x0020,
                        has_xy_scale = 0x0040, has_two_by_two = 0x0080;

// Calls f(position of the component's glyph id) for each component of the composite glyph in
// b[begin, end); false when the glyph runs past its end.
template <class F>
bool each_component(std::string_view b, std::size_t begin, std::size_t end, F&& f) {
    std::size_t at = begin + 10;
    for (;;) {
        if (at + 4 > end) return false;
        const std::uint16_t flags = u16(b, at);
        f(at + 2);
        at += 4 + ((flags & arg_words) ? 4 : 2);
        if (flags & has_scale) at += 2;
        else if (flags & has_xy_scale) at += 4;
        else if (flags & has_two_by_two) at += 8;
        if (!(flags & more_components)) return at <= end;
    }
}

// The whole file mapped read-only (a font may be a link, as installed fonts often are), with its
// size and time; nullptr, with why, when it cannot be.
const char* map_font_file(const std::string& path, struct stat& st, std::string& why) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        why = std::string("cannot read it (") + std::strerror(errno) + ")";
        return nullptr;
    }
    void* mapped = MAP_FAILED;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) why = "the font is not a regular file";
    else if (st.st_size == 0) why = "the font file is empty";
    else if (static_cast<std::uint64_t>(st.st_size) > max_font_bytes) why = "the font file is over 64 MB";
    else if ((mapped = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
        why = "cannot map the font file";
    ::close(fd);
    return mapped == MAP_FAILED ? nullptr : static_cast<const char*>(mapped);
}

std::int64_t modified_ns(const struct stat& st) {
    return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

struct cached {
    std::uint64_t size = 0;
    std::int64_t modified_ns = 0;
    std::shared_ptr<const font_program> program;
};

}  // namespace

std::shared_ptr<const font_program> font_program::open(const std::string& path, std::string& why) {
    static std::mutex lock;
    static std::map<std::string, cached> programs;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        why = std::string("cannot read it (") + std::strerror(errno) + ")";
        return nullptr;
    }
    std::lock_guard<std::mutex> hold(lock);
    cached& slot = programs[path];
    if (slot.program && slot.size == static_cast<std::uint64_t>(st.st_size) && slot.modified_ns == modified_ns(st))
        return slot.program;
    const char* mapped = map_font_file(path, st, why);
    if (!mapped) return nullptr;
    std::shared_ptr<font_program> program(new font_program());
    program->mapped_ = mapped;
    program->bytes_ = std::string_view(mapped, static_cast<std::size_t>(st.st_size));
    if (!program->parse(why)) return nullptr;
    slot = cached{static_cast<std::uint64_t>(st.st_size), modified_ns(st), program};
    return program;
}

font_program::~font_program() {
    if (mapped_) ::munmap(const_cast<char*>(mapped_), bytes_.size());
}

std::shared_ptr<const font_program> font_program::from_bytes(std::string bytes, std::string& why) {
    std::shared_ptr<font_program> p(new font_program());
    p->owned_ = std::move(bytes);
    p->bytes_ = p->owned_;
    if (!p->parse(why)) return nullptr;
    return p;
}

bool font_program::parse(std::string& why) {
    const std::string_view b = bytes_;
    if (b.size() < 12 || (u32(b, 0) != 0x00010000 && u32(b, 0) != 0x74727565 /* 'true' */)) {
        why = "not a TrueType font (no glyf outlines)";
        return false;
    }
    const std::size_t count = u16(b, 4);
    if (12 + 16 * count > b.size()) {
        why = "the font's table directory runs past its end";
        return false;
    }
    const std::pair<const char*, table*> wanted[] = {{"OS/2", &os2_}, {"cvt ", &cvt_}, {"fpgm", &fpgm_},
                                                     {"cmap", &cmap_}, {"glyf", &glyf_}, {"name", &name_}, {"head", &head_}, {"hhea", &hhea_},
                                                     {"hmtx", &hmtx_}, {"loca", &loca_}, {"maxp", &maxp_},
                                                     {"post", &post_}, {"prep", &prep_}};
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t entry = 12 + 16 * i;
        const std::size_t offset = u32(b, entry + 8), length = u32(b, entry + 12);
        if (offset > b.size() || length > b.size() - offset) {
            why = "the font's table '" + std::string(b.substr(entry, 4)) + "' runs past its end";
            return false;
        }
        for (const auto& [tag, where] : wanted)
            if (std::memcmp(b.data() + entry, tag, 4) == 0) *where = table{offset, length};
    }
    if (head_.length < 54 || hhea_.length < 36 || maxp_.length < 6 || !glyf_.present() || !loca_.present() ||
        !hmtx_.present()) {
        why = "not a TrueType font with glyf outlines (a head, hhea, maxp, hmtx, loca or glyf table is missing)";
        return false;
    }
    glyphs_ = u16(b, maxp_.offset + 4);
    units_per_em_ = u16(b, head_.offset + 18);
    if (units_per_em_ == 0) {
        why = "the font's units per em are 0";
        return false;
    }
    ascent_ = static_cast<std::int16_t>(static_cast<std::int32_t>(s16(b, hhea_.offset + 4)) * 1000 / units_per_em_);
    descent_ = static_cast<std::int16_t>(static_cast<std::int32_t>(s16(b, hhea_.offset + 6)) * 1000 / units_per_em_);
    // As libharu refuses to: a font whose licence (OS/2 fsType) forbids embedding it, or allows
    // only its outlines as a bitmap.
    if (os2_.length >= 10 && (u16(b, os2_.offset + 8) & (0x0002 | 0x0100 | 0x0200))) {
        why = "the font's licence does not allow embedding it (OS/2 fsType)";
        return false;
    }
    long_metrics_ = u16(b, hhea_.offset + 34);
    long_offsets_ = s16(b, head_.offset + 50) == 1;
    if (post_.length < 32) post_ = {};
    find_unicode_cmap();
    const std::size_t loca_needed = (static_cast<std::size_t>(glyphs_) + 1) * (long_offsets_ ? 4 : 2);
    const std::size_t hmtx_needed = 4u * long_metrics_ + 2u * (glyphs_ - std::min(glyphs_, long_metrics_));
    if (glyphs_ == 0 || long_metrics_ == 0 || long_metrics_ > glyphs_ || loca_.length < loca_needed ||
        hmtx_.length < hmtx_needed) {
        why = "the font's glyph count does not match its loca or hmtx table";
        return false;
    }
    read_metrics();
    return true;
}

// A name record's text: Macintosh Roman bytes, else the low bytes of Windows UTF-16 (US English).
std::string font_program::name_of(std::uint16_t id) const {
    const std::string_view b = bytes_;
    if (name_.length < 6) return {};
    const std::size_t count = u16(b, name_.offset + 2), strings = name_.offset + u16(b, name_.offset + 4);
    std::string mac, windows;
    for (std::size_t i = 0; i < count && name_.offset + 6 + 12 * (i + 1) <= name_.offset + name_.length; ++i) {
        const std::size_t r = name_.offset + 6 + 12 * i;
        if (u16(b, r + 6) != id) continue;
        const std::size_t length = u16(b, r + 8), at = strings + u16(b, r + 10);
        if (at + length > name_.offset + name_.length) continue;
        if (u16(b, r) == 1 && u16(b, r + 2) == 0) mac = std::string(b.substr(at, length));
        if (u16(b, r) == 3 && u16(b, r + 2) == 1 && u16(b, r + 4) == 0x0409) {
            windows.clear();
            for (std::size_t k = 0; k + 1 < length; k += 2) windows.push_back(b[at + k + 1]);
        }
    }
    return mac.empty() ? windows : mac;
}

void font_program::read_metrics() {
    const std::string_view b = bytes_;
    auto em = [this](std::int32_t units) { return static_cast<int>(units * 1000 / units_per_em_); };
    pdf_metrics& m = metrics_;
    const std::string postscript = name_of(6), style = name_of(2);
    m.name = postscript;  // empty without a name table (a subset): the document names it
    m.flags = HPDF_FONT_STD_CHARSET;
    if (!postscript.empty() && !style.empty() && style.compare(0, 7, "Regular") != 0) {
        m.name += "," + style.substr(0, style.find(' '));
        if (style.find("Bold") != std::string::npos) m.flags |= HPDF_FONT_FOURCE_BOLD;
        if (style.find("Italic") != std::string::npos) m.flags |= HPDF_FONT_ITALIC;
    }
    if (os2_.length >= 32) {
        const unsigned family = static_cast<unsigned char>(b[os2_.offset + 30]);
        if ((family > 0 && family < 6) || family == 7) m.flags |= HPDF_FONT_SERIF;
        if (family == 10) m.flags |= HPDF_FONT_SCRIPT;
        if (family == 12) m.flags |= HPDF_FONT_SYMBOLIC;
    }
    m.ascent = ascent_;
    m.descent = descent_;
    m.missing_width = width(0);
    m.bbox[0] = static_cast<float>(em(s16(b, head_.offset + 36)));
    m.bbox[1] = static_cast<float>(em(s16(b, head_.offset + 38)));
    m.bbox[2] = static_cast<float>(em(s16(b, head_.offset + 40)));
    m.bbox[3] = static_cast<float>(em(s16(b, head_.offset + 42)));
    // The top of the x's outline, as the x-height.
    const std::uint16_t x_glyph = glyph_id(U'x');
    const std::string_view x = x_glyph != 0 ? outline(x_glyph) : std::string_view{};
    m.x_height = x.size() >= 10 ? static_cast<std::uint16_t>(em(static_cast<std::int16_t>(
                                      static_cast<unsigned char>(x[8]) << 8 | static_cast<unsigned char>(x[9]))))
                                : 0;
}

void font_program::find_unicode_cmap() {
    const std::string_view b = bytes_;
    if (!cmap_.present() || cmap_.length < 4) return;
    const std::size_t count = u16(b, cmap_.offset + 2);
    if (4 + 8 * count > cmap_.length) return;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t entry = cmap_.offset + 4 + 8 * i;
        const std::uint16_t platform = u16(b, entry), encoding = u16(b, entry + 2);
        const std::size_t at = cmap_.offset + u32(b, entry + 4);
        const bool unicode = platform == 0 || (platform == 3 && encoding == 1);
        if (!unicode || at + 14 > cmap_.offset + cmap_.length || u16(b, at) != 4) continue;
        const std::size_t length = u16(b, at + 2), segments = u16(b, at + 6) / 2;
        if (length < 16 + 8 * segments || at + length > cmap_.offset + cmap_.length) continue;
        cmap4_ = table{at, length};
        return;
    }
}

std::uint16_t font_program::glyph_id(char32_t code_point) const {
    if (!cmap4_.present() || code_point > 0xFFFF) return 0;
    const std::string_view b = bytes_;
    const std::size_t at = cmap4_.offset, segments = u16(b, at + 6) / 2;
    const std::size_t ends = at + 14, starts = ends + 2 * segments + 2, deltas = starts + 2 * segments,
                      ranges = deltas + 2 * segments;
    // The first segment whose end is at or past the code (the ends are sorted).
    std::size_t low = 0, high = segments;
    while (low < high) {
        const std::size_t mid = (low + high) / 2;
        if (u16(b, ends + 2 * mid) < code_point) low = mid + 1;
        else high = mid;
    }
    if (low == segments || u16(b, starts + 2 * low) > code_point) return 0;
    const std::uint16_t delta = u16(b, deltas + 2 * low), range = u16(b, ranges + 2 * low);
    if (range == 0) return static_cast<std::uint16_t>(code_point + delta);
    const std::size_t slot = ranges + 2 * low + range + 2 * (code_point - u16(b, starts + 2 * low));
    if (slot + 2 > at + cmap4_.length) return 0;
    const std::uint16_t glyph = u16(b, slot);
    return glyph == 0 ? 0 : static_cast<std::uint16_t>(glyph + delta);
}

std::uint16_t font_program::advance(std::uint16_t id) const {
    if (id >= glyphs_) return 0;
    return u16(bytes_, hmtx_.offset + 4u * std::min<std::uint16_t>(id, static_cast<std::uint16_t>(long_metrics_ - 1)));
}

std::int16_t font_program::width(std::uint16_t id) const {
    return static_cast<std::int16_t>(static_cast<std::uint32_t>(advance(id)) * 1000 / units_per_em_);
}

std::string_view font_program::outline(std::uint16_t id) const {
    std::size_t begin = 0, end = 0;
    if (id >= glyphs_ || !glyph_bytes(id, begin, end)) return {};
    return std::string_view(bytes_).substr(begin, end - begin);
}

bool font_program::glyph_bytes(std::uint16_t id, std::size_t& begin, std::size_t& end) const {
    const std::string_view b = bytes_;
    if (long_offsets_) {
        begin = u32(b, loca_.offset + 4u * id);
        end = u32(b, loca_.offset + 4u * id + 4);
    } else {
        begin = 2u * u16(b, loca_.offset + 2u * id);
        end = 2u * u16(b, loca_.offset + 2u * id + 2);
    }
    if (begin > end || end > glyf_.length) return false;
    if (end != begin && end - begin < 10) return false;
    begin += glyf_.offset;
    end += glyf_.offset;
    return true;
}

bool font_program::subset(const std::vector<bool>& used, std::string& out, std::vector<std::uint16_t>& new_id,
                          std::string& why) const {
    const std::string_view b = bytes_;
    // The glyphs kept: .notdef, those used, and the parts of composites, followed to the end.
    std::vector<bool> keep(glyphs_, false);
    std::vector<std::uint16_t> pending{0};
    keep[0] = true;
    for (std::size_t id = 0; id < used.size() && id < glyphs_; ++id)
        if (used[id] && !keep[id]) keep[id] = true, pending.push_back(static_cast<std::uint16_t>(id));
    bool damaged = false;
    while (!pending.empty() && !damaged) {
        const std::uint16_t id = pending.back();
        pending.pop_back();
        std::size_t begin = 0, end = 0;
        if (!glyph_bytes(id, begin, end)) {
            damaged = true;
            break;
        }
        if (end == begin || s16(b, begin) >= 0) continue;
        damaged = !each_component(b, begin, end, [&](std::size_t at) {
            const std::uint16_t part = u16(b, at);
            if (part >= glyphs_) damaged = true;
            else if (!keep[part]) keep[part] = true, pending.push_back(part);
        }) || damaged;
    }
    if (damaged) {
        why = "a glyph of the font is damaged";
        return false;
    }
    new_id.assign(glyphs_, 0);
    std::vector<std::uint16_t> old_id;
    for (std::size_t id = 0; id < glyphs_; ++id)
        if (keep[id]) new_id[id] = static_cast<std::uint16_t>(old_id.size()), old_id.push_back(static_cast<std::uint16_t>(id));
    const auto kept = static_cast<std::uint32_t>(old_id.size());

    // glyf (each glyph on a 4-byte boundary, composites pointing at the new numbers), loca, hmtx.
    std::string glyf, loca, hmtx;
    loca.reserve(4u * (kept + 1));
    hmtx.reserve(4u * kept);
    for (const std::uint16_t id : old_id) {
        append32(loca, static_cast<std::uint32_t>(glyf.size()));
        std::size_t begin = 0, end = 0;
        glyph_bytes(id, begin, end);
        const std::size_t at = glyf.size();
        glyf.append(b, begin, end - begin);
        if (end != begin && s16(b, begin) < 0)
            each_component(b, begin, end, [&](std::size_t part) { put16(glyf, at + (part - begin), new_id[u16(b, part)]); });
        glyf.resize((glyf.size() + 3) & ~std::size_t{3}, '\0');
        const std::size_t metric = std::min<std::size_t>(id, long_metrics_ - 1u);
        append16(hmtx, u16(b, hmtx_.offset + 4 * metric));
        append16(hmtx, id < long_metrics_ ? u16(b, hmtx_.offset + 4 * metric + 2)
                                          : u16(b, hmtx_.offset + 4u * long_metrics_ + 2u * (id - long_metrics_)));
    }
    append32(loca, static_cast<std::uint32_t>(glyf.size()));

    std::string head(b.substr(head_.offset, 54));
    put32(head, 8, 0);  // checkSumAdjustment, set when the file is whole
    put16(head, 50, 1); // long loca offsets
    std::string hhea(b.substr(hhea_.offset, 36));
    put16(hhea, 34, kept);
    std::string maxp(b.substr(maxp_.offset, maxp_.length));
    put16(maxp, 4, kept);
    std::string post(32, '\0');
    if (post_.present()) post.replace(0, 16, b.substr(post_.offset, 16));
    put32(post, 0, 0x00030000);  // format 3: no glyph names

    auto copy = [&](const table& t) { return std::string(b.substr(t.offset, t.length)); };
    // In the order of their tags, as the table directory must be.
    std::vector<std::pair<std::array<char, 4>, std::string>> tables;
    auto add = [&](const char* tag, std::string data) {
        if (!data.empty()) tables.push_back({{tag[0], tag[1], tag[2], tag[3]}, std::move(data)});
    };
    add("OS/2", copy(os2_));
    add("cvt ", copy(cvt_));
    add("fpgm", copy(fpgm_));
    add("glyf", std::move(glyf));
    add("head", std::move(head));
    add("hhea", std::move(hhea));
    add("hmtx", std::move(hmtx));
    add("loca", std::move(loca));
    add("maxp", std::move(maxp));
    add("post", std::move(post));
    add("prep", copy(prep_));

    const auto n = static_cast<std::uint32_t>(tables.size());
    std::uint32_t power = 1, log2 = 0;
    while (power * 2 <= n) power *= 2, ++log2;
    out.clear();
    append32(out, 0x00010000);
    append16(out, n);
    append16(out, power * 16);
    append16(out, log2);
    append16(out, n * 16 - power * 16);
    std::size_t offset = 12 + 16 * tables.size();
    std::size_t head_at = 0;
    for (const auto& [tag, data] : tables) {
        out.append(tag.data(), 4);
        append32(out, checksum(data, 0, data.size()));
        append32(out, static_cast<std::uint32_t>(offset));
        append32(out, static_cast<std::uint32_t>(data.size()));
        if (std::memcmp(tag.data(), "head", 4) == 0) head_at = offset;
        offset += (data.size() + 3) & ~std::size_t{3};
    }
    for (const auto& [tag, data] : tables) {
        out += data;
        out.resize((out.size() + 3) & ~std::size_t{3}, '\0');
    }
    put32(out, head_at + 8, 0xB1B0AFBAu - checksum(out, 0, out.size()));
    return true;
}

}  // namespace pdf
