// An incremental update being built: new or replaced objects appended after the original
// bytes, with a classic cross-reference section and a trailer chained to the last one.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "pdf/pages.hpp"

namespace sign {

class pdf_update {
public:
    explicit pdf_update(const pdf::pdf_file& base);

    // A fresh object number, after every number the file uses.
    std::uint32_t new_object();
    // Sets the object's body (a value, or a stream dictionary followed by "stream ... endstream"),
    // without "n 0 obj" and "endobj". An existing number replaces that object from now on.
    void put(std::uint32_t number, std::string body);
    // The value written as the object's body.
    void put(std::uint32_t number, const pdf::value& body);
    // The whole file: the original bytes untouched, then the objects, the cross-reference
    // section, the trailer (/Size, /Root, /Info, /ID kept, /Prev) and startxref.
    std::string finish();
    // After finish: where the object starts in the whole file.
    std::size_t offset_of(std::uint32_t number) const { return offsets_.at(number); }

private:
    const pdf::pdf_file& base_;
    std::uint32_t next_ = 0;
    std::map<std::uint32_t, std::string> objects_;
    std::map<std::uint32_t, std::size_t> offsets_;
};

}  // namespace sign
