// Owns where the name of a Vietnamese body or place may be cut into lines: before the word
// that opens one of its parts (a place, a body, a qualifier), as headers are written by hand.
#include "text/vietnamese.hpp"

namespace text {

namespace {

// Words (lower case) that open a part of a unit's name: "CẢNH SÁT PCCC / TỈNH THANH HÓA",
// "CỤC XÂY DỰNG PHONG TRÀO / BẢO VỆ AN NINH TỔ QUỐC", "PHÒNG CẢNH SÁT PCCC / VÀ CNCH".
constexpr std::string_view part_openers[] = {
    // places
    "tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "khu vực",
    // bodies
    "bộ", "tổng cục", "cục", "sở", "ban", "phòng", "đội", "công an", "cảnh sát", "ủy ban", "uỷ ban",
    "ubnd", "trung tâm", "học viện", "viện", "trường", "bộ tư lệnh", "bộ chỉ huy",
    // qualifiers
    "và", "về", "của", "thuộc", "trực thuộc", "tại", "bảo vệ", "phòng cháy", "phòng, chống"};

}  // namespace

bool opens_name_part(std::string_view text) {
    const std::string lower = to_lower(text.substr(0, 32));
    for (std::string_view opener : part_openers) {
        if (lower.compare(0, opener.size(), opener) != 0) continue;
        if (lower.size() == opener.size() || lower[opener.size()] == ' ') return true;
    }
    return false;
}

bool splits_name_part(std::string_view line_end, std::string_view next_start) {
    const std::string end = to_lower(line_end.substr(line_end.size() > 32 ? line_end.size() - 32 : 0));
    const std::string next = to_lower(next_start.substr(0, 32));
    for (std::string_view opener : part_openers) {
        for (std::size_t space = opener.find(' '); space != std::string_view::npos; space = opener.find(' ', space + 1)) {
            const std::string_view head = opener.substr(0, space), tail = opener.substr(space + 1);
            const bool ends = end.size() >= head.size() && end.compare(end.size() - head.size(), head.size(), head) == 0 &&
                              (end.size() == head.size() || end[end.size() - head.size() - 1] == ' ');
            const bool starts = next.compare(0, tail.size(), tail) == 0 && (next.size() == tail.size() || next[tail.size()] == ' ');
            if (ends && starts) return true;
        }
    }
    return false;
}

}  // namespace text
