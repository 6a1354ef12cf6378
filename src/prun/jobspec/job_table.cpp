#include <algorithm>
#include <charconv>
#include <cstring>
#include <functional>
#include <limits>

#include <fmt/format.h>

#include <prun/jobspec/job_table.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

// A record: a flags byte, then the fields its flags announce, in this order. Texts and
// counts are LEB128 varints (a byte for the usual short field).
enum Flag : unsigned char {
    k_named = 1,
    k_argv = 2,
    k_env = 4,
    k_cwd = 8,
    k_tag = 16,
    k_timeout = 32,
    k_retries = 64,
};

constexpr std::size_t k_table_chunk_size = 64 * 1024;
constexpr std::uint32_t k_unresolved = std::numeric_limits<std::uint32_t>::max();

void put_number(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

void put_text(std::string& out, std::string_view text) {
    put_number(out, text.size());
    out.append(text);
}

struct RecordCursor {
    const char* at;

    std::uint64_t number() {
        std::uint64_t value = 0;
        for (int shift = 0;; shift += 7) {
            auto byte = static_cast<unsigned char>(*at++);
            value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) return value;
        }
    }
    std::string_view text() {
        auto size = static_cast<std::size_t>(number());
        std::string_view result(at, size);
        at += size;
        return result;
    }
    std::vector<std::string> texts() {
        std::vector<std::string> result(static_cast<std::size_t>(number()));
        for (std::string& item : result)
            item = text();
        return result;
    }
};

void put_texts(std::string& out, const std::vector<std::string>& texts) {
    put_number(out, texts.size());
    for (const std::string& text : texts)
        put_text(out, text);
}

// An unnamed job is known by its number, written plainly ("7", not "07").
std::optional<std::size_t> plain_number(std::string_view name) {
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), value);
    if (ec != std::errc() || end != name.data() + name.size() || name.empty() || name[0] == '0')
        return std::nullopt;
    return value;
}

} // namespace

const char* JobTable::store(std::string_view record) {
    // A record larger than a quarter chunk gets a block of its own: chunks stay mostly full.
    if (record.size() > k_table_chunk_size / 4) {
        m_chunks.push_back(std::make_unique_for_overwrite<char[]>(record.size()));
        std::memcpy(m_chunks.back().get(), record.data(), record.size());
        return m_chunks.back().get();
    }
    if (record.size() > m_chunk_left) {
        m_chunks.push_back(std::make_unique_for_overwrite<char[]>(k_table_chunk_size));
        m_chunk_at = m_chunks.back().get();
        m_chunk_left = k_table_chunk_size;
    }
    char* at = m_chunk_at;
    std::memcpy(at, record.data(), record.size());
    m_chunk_at += record.size();
    m_chunk_left -= record.size();
    return at;
}

JobTable::Added JobTable::add(const OwnJob& job) {
    std::size_t index = m_records.size();
    if (index >= k_unresolved - 1) throw Error("more than {} jobs in one job file", index);
    std::string name = job.named ? job.name : std::to_string(index + 1);
    if (auto other = find(name)) return {*other, false};

    std::string& out = m_scratch;
    out.clear();
    unsigned char flags = (job.named ? k_named : 0) | (job.argv.empty() ? 0 : k_argv) |
                          (job.env.empty() ? 0 : k_env) | (job.cwd.empty() ? 0 : k_cwd) |
                          (job.tag ? k_tag : 0) | (job.timeout_seconds ? k_timeout : 0) |
                          (job.retries ? k_retries : 0);
    out.push_back(static_cast<char>(flags));
    if (job.named) put_text(out, job.name);
    if (job.argv.empty())
        put_text(out, job.command);
    else
        put_texts(out, job.argv);
    if (!job.env.empty()) put_texts(out, job.env);
    if (!job.cwd.empty()) put_text(out, job.cwd);
    if (job.tag) put_text(out, *job.tag);
    if (job.timeout_seconds) {
        char bytes[sizeof(double)];
        std::memcpy(bytes, &*job.timeout_seconds, sizeof(double));
        out.append(bytes, sizeof(double));
    }
    if (job.retries) put_number(out, *job.retries);
    m_records.push_back(store(out));
    m_need_start.push_back(m_need_start.back());
    if (job.named) insert_name(index);
    return {index, true};
}

void JobTable::add_need(std::string name) {
    if (m_needs.size() >= k_unresolved)
        throw Error("more than {} needs in one job file", k_unresolved);
    auto found = find(name);
    if (!found) m_forward.emplace_back(static_cast<std::uint32_t>(m_needs.size()), std::move(name));
    m_needs.push_back(found ? static_cast<std::uint32_t>(*found) : k_unresolved);
    ++m_need_start.back();
}

std::optional<std::pair<std::size_t, std::string>> JobTable::resolve_needs() {
    for (auto& [slot, name] : m_forward) {
        auto found = find(name);
        if (!found) {
            // The job whose needs hold this slot.
            auto after = std::upper_bound(m_need_start.begin(), m_need_start.end(), slot);
            return std::pair<std::size_t, std::string>(
                static_cast<std::size_t>(after - m_need_start.begin()) - 1, name);
        }
        m_needs[slot] = static_cast<std::uint32_t>(*found);
    }
    m_forward = {};
    m_slots = {};
    // Each job's dependents, in the same layout as its needs.
    m_dependent_start.assign(size() + 1, 0);
    for (std::uint32_t need : m_needs)
        ++m_dependent_start[need + 1];
    for (std::size_t i = 0; i < size(); ++i)
        m_dependent_start[i + 1] += m_dependent_start[i];
    m_dependents.resize(m_needs.size());
    std::vector<std::uint32_t> next(m_dependent_start.begin(), m_dependent_start.end() - 1);
    for (std::size_t i = 0; i < size(); ++i)
        for (std::uint32_t need : needs(i))
            m_dependents[next[need]++] = static_cast<std::uint32_t>(i);
    m_needs.shrink_to_fit();
    m_need_start.shrink_to_fit();
    m_records.shrink_to_fit();
    return std::nullopt;
}

std::string_view JobTable::own_name(std::size_t index) const {
    const char* at = m_records[index];
    if ((static_cast<unsigned char>(*at) & k_named) == 0) return {};
    return RecordCursor{at + 1}.text();
}

std::string JobTable::name(std::size_t index) const {
    std::string_view own = own_name(index);
    return own.empty() ? std::to_string(index + 1) : std::string(own);
}

std::optional<std::size_t> JobTable::find(std::string_view name) const {
    if (auto named = find_named(name)) return named;
    auto number = plain_number(name);
    if (number && *number >= 1 && *number <= m_records.size() && own_name(*number - 1).empty())
        return *number - 1;
    return std::nullopt;
}

std::optional<std::size_t> JobTable::find_named(std::string_view name) const {
    if (m_slots.empty()) return std::nullopt;
    std::size_t mask = m_slots.size() - 1;
    for (std::size_t at = std::hash<std::string_view>()(name) & mask;; at = (at + 1) & mask) {
        std::uint32_t slot = m_slots[at];
        if (slot == 0) return std::nullopt;
        if (own_name(slot - 1) == name) return slot - 1;
    }
}

void JobTable::insert_name(std::size_t index) {
    // At most three quarters full; doubling rehashes from the records' own names.
    if ((m_named + 1) * 4 > m_slots.size() * 3) {
        std::vector<std::uint32_t> old = std::move(m_slots);
        m_slots.assign(std::max<std::size_t>(64, old.size() * 2), 0);
        for (std::uint32_t slot : old)
            if (slot != 0) {
                std::size_t mask = m_slots.size() - 1;
                std::size_t at = std::hash<std::string_view>()(own_name(slot - 1)) & mask;
                while (m_slots[at] != 0)
                    at = (at + 1) & mask;
                m_slots[at] = slot;
            }
    }
    std::size_t mask = m_slots.size() - 1;
    std::size_t at = std::hash<std::string_view>()(own_name(index)) & mask;
    while (m_slots[at] != 0)
        at = (at + 1) & mask;
    m_slots[at] = static_cast<std::uint32_t>(index + 1);
    ++m_named;
}

Job JobTable::job(std::size_t index) const {
    RecordCursor in{m_records[index]};
    auto flags = static_cast<unsigned char>(*in.at++);
    OwnJob own;
    own.named = (flags & k_named) != 0;
    if (own.named) own.name = in.text();
    if ((flags & k_argv) != 0)
        own.argv = in.texts();
    else
        own.command = in.text();
    if ((flags & k_env) != 0) own.env = in.texts();
    if ((flags & k_cwd) != 0) own.cwd = in.text();
    if ((flags & k_tag) != 0) own.tag = std::string(in.text());
    if ((flags & k_timeout) != 0) {
        double seconds;
        std::memcpy(&seconds, in.at, sizeof(double));
        in.at += sizeof(double);
        own.timeout_seconds = seconds;
    }
    if ((flags & k_retries) != 0) own.retries = static_cast<unsigned>(in.number());
    return make_job(own, index + 1, m_defaults);
}

} // namespace prun
