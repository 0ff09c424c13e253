// Owns the Vietnamese labels of the schema's elements and attributes, for forms built from it.
#include "record/schema.hpp"

namespace record::schema {

namespace {

constexpr unsigned M = for_meeting;
constexpr unsigned C = for_ceremony;
constexpr unsigned R = for_certification;

// One label: the kinds it is for, the scope it names (an element's scope, "" for the root,
// scope@name for an attribute) and the label.
struct label_entry {
    unsigned kinds;
    const char* key;
    const char* label;
};

// Every label, the first entry of a key and kind winning.
const label_entry labels[] = {
    // The roots and the envelope.
    {M, "", "Biên bản cuộc họp"},
    {C, "", "Buổi lễ"},
    {R, "", "Giấy chứng nhận, giấy khen"},
    {for_all, "@schema", "Phiên bản lược đồ"},
    {for_all, "@id", "Mã hồ sơ"},
    {for_all, "@template", "Mẫu"},
    {for_all, "@revise", "Bản sửa đổi"},
    {C | R, "@kind", "Loại"},
    {for_all, "issuer", "Cơ quan ban hành"},
    {for_all, "issuer/parent", "Cơ quan chủ quản"},
    {for_all, "issuer/name", "Tên cơ quan"},
    {for_all, "issuer/code", "Ký hiệu cơ quan"},
    {for_all, "number", "Số, ký hiệu"},
    {for_all, "place", "Địa danh"},
    {for_all, "date", "Ngày ban hành"},
    {M, "title", "Trích yếu (tên cuộc họp)"},
    {C, "title", "Trích yếu (tên buổi lễ)"},
    {R, "title", "Trích yếu"},
    {for_all, "distribution", "Nơi nhận"},
    {for_all, "distribution/to", "Nơi nhận"},
    // The shared person sub-schema.
    {for_all, "person/rank", "Cấp bậc"},
    {for_all, "person/name", "Họ và tên"},
    {for_all, "person/position", "Chức vụ"},
    {for_all, "person/unit", "Đơn vị"},
    // <meeting>, and what a ceremony shares with it.
    {M | C, "started", "Bắt đầu"},
    {M, "ended", "Kết thúc"},
    {M | C, "location", "Địa điểm"},
    {M, "chair", "Chủ trì"},
    {M, "secretary", "Thư ký"},
    {M, "attendees", "Thành phần tham dự"},
    {M, "attendees/person", "Người dự"},
    {M, "attendees/group", "Nhóm"},
    {M, "attendees/group@count", "Số người"},
    {M, "absent", "Vắng mặt"},
    {M, "absent/person", "Người vắng mặt"},
    {M, "absent/person@reason", "Lý do vắng"},
    {M, "agenda", "Nội dung (chương trình)"},
    {M, "agenda/item", "Mục"},
    {M, "proceedings", "Diễn biến cuộc họp"},
    {M, "proceedings/section", "Phần"},
    {M, "proceedings/section@heading", "Tiêu đề mục"},
    {M, "proceedings/section/p", "Đoạn văn"},
    {M, "proceedings/section/speech", "Phát biểu"},
    {M, "proceedings/section/speech@by", "Người phát biểu"},
    {M, "proceedings/section/speech/p", "Đoạn văn"},
    {M, "proceedings/section/list", "Danh sách"},
    {M, "proceedings/section/list/item", "Ý"},
    {M, "conclusions", "Kết luận"},
    {M, "conclusions/p", "Đoạn văn"},
    {M, "copies", "Số bản"},
    // <ceremony>
    {C, "host", "Chủ trì buổi lễ"},
    {C, "guests", "Khách mời"},
    {C, "guests/person", "Khách mời"},
    {C, "program", "Chương trình"},
    {C, "program/step", "Bước"},
    {C, "program/step@at", "Giờ"},
    {C, "slogan", "Khẩu hiệu"},
    {C, "parties", "Các bên ký kết"},
    {C, "parties/party", "Đơn vị ký kết"},
    {C, "parties/party@role", "Vai trò"},
    {C, "parties/party/unit", "Tên đơn vị"},
    {C, "parties/party/representative", "Người đại diện"},
    {C, "parties/party/representative/authority", "Thẩm quyền ký"},
    {C, "parties/party/representative/title", "Chức danh ký"},
    {C | R, "signer", "Người ký"},
    {C | R, "signer/authority", "Thẩm quyền ký"},
    {C | R, "signer/title", "Chức danh ký"},
    {C, "commitments", "Nội dung giao ước"},
    {C, "commitments/item", "Điều giao ước"},
    {C, "awards", "Khen thưởng"},
    {C, "awards/award", "Phần thưởng"},
    {C, "awards/award/recipient", "Người/đơn vị nhận"},
    {C, "awards/award/honour", "Hình thức khen"},
    // <certification>
    {R, "decision", "Quyết định"},
    {R, "decision@number", "Số quyết định"},
    {R, "decision@date", "Ngày quyết định"},
    {R, "heading", "Danh hiệu"},
    {R, "grantor", "Người/cơ quan tặng"},
    {R, "citation", "Thành tích"},
    {R, "valid-until", "Có giá trị đến"},
    {R, "recipients", "Danh sách được công nhận"},
    {R, "recipients/recipient", "Người/đơn vị"},
    {R, "recipients/recipient@id", "Mã"},
    {R, "recipients/recipient/rank", "Cấp bậc"},
    {R, "recipients/recipient/name", "Họ và tên"},
    {R, "recipients/recipient/detail", "Chi tiết"},
    {R, "recipients/recipient/citation", "Thành tích"},
    {R, "recipients/recipient/register", "Số vào sổ"},
};

}  // namespace

const char* label_of(unsigned kind_bit, std::string_view key) {
    for (const label_entry& e : labels)
        if ((e.kinds & kind_bit) != 0 && key == e.key) return e.label;
    return nullptr;
}

}  // namespace record::schema
