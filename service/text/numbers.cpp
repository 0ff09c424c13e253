// Owns writing numbers in digits: zero padding and '.' thousands grouping.
#include "text/vietnamese.hpp"

namespace text {

namespace {

// Magnitude of a signed number as unsigned, safe for INT64_MIN.
std::uint64_t magnitude(std::int64_t n) {
    return n < 0 ? static_cast<std::uint64_t>(-(n + 1)) + 1u : static_cast<std::uint64_t>(n);
}

}  // namespace

// Left-pads the digits with zeros to `width`; the sign stays in front ("-05").
std::string pad_number(std::int64_t n, int width) {
    std::string digits = std::to_string(magnitude(n));
    if (width > 0 && digits.size() < static_cast<std::size_t>(width))
        digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
    return n < 0 ? "-" + digits : digits;
}

// "1.250.000": a '.' before every group of three digits from the right.
std::string group_thousands(std::int64_t n) {
    const std::string digits = std::to_string(magnitude(n));
    std::string out = n < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return out;
}

}  // namespace text
