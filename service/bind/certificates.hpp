// The certificates a certification issues, as a register of them keeps them: what a
// verification page says of each, found by its code.
#pragma once

#include <string>
#include <vector>

#include "record/certificate.hpp"
#include "record/record.hpp"

namespace bind {

// Every certificate of a certification record, in recipient order, each with its code under
// the key; empty for another kind of record or without a key.
std::vector<record::issued_certificate> issued_certificates(const record::record& r, const std::string& key);

}  // namespace bind
