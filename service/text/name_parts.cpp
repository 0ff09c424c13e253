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

}  // namespace text
