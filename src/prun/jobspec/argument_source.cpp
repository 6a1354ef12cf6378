#include <prun/jobspec/argument_source.hpp>

namespace prun {

namespace {

std::vector<std::string> load_all(const InputSpec& spec, char delimiter) {
    if (spec.kind == InputSpec::Kind::values) return spec.values;
    return open_records(spec.path, delimiter).read_all();
}

} // namespace

ArgumentSource::ArgumentSource(const std::vector<InputSpec>& inputs, char delimiter) {
    std::vector<InputSpec> specs = inputs;
    if (specs.empty()) specs.push_back({InputSpec::Kind::file, {}, "-"});

    const InputSpec& first = specs.front();
    if (first.kind == InputSpec::Kind::file)
        m_reader.emplace(open_records(first.path, delimiter));
    else
        m_first_values = first.values;
    for (std::size_t i = 1; i < specs.size(); ++i) {
        m_others.push_back(load_all(specs[i], delimiter));
        // Any empty source means there are no combinations at all.
        if (m_others.back().empty()) m_done = true;
    }
    m_odometer.assign(m_others.size(), 0);
}

std::optional<std::string> ArgumentSource::next_first_value(bool& pending) {
    pending = false;
    if (!m_reader) {
        if (m_first_index < m_first_values.size()) return m_first_values[m_first_index++];
        return std::nullopt;
    }
    while (true) {
        if (auto record = m_reader->next()) return record;
        if (m_reader->eof()) return std::nullopt;
        if (m_reader->pollable()) {
            pending = true;
            return std::nullopt;
        }
        m_reader->fill();
    }
}

// Steps the odometer over the other sources; false when it wraps around.
bool ArgumentSource::advance_combination() {
    for (std::size_t i = m_odometer.size(); i-- > 0;) {
        if (++m_odometer[i] < m_others[i].size()) return true;
        m_odometer[i] = 0;
    }
    return false;
}

JobStream::Status ArgumentSource::next(Job& job) {
    if (m_done) return Status::done;
    if (m_current_first && !advance_combination()) m_current_first.reset();
    if (!m_current_first) {
        bool pending = false;
        m_current_first = next_first_value(pending);
        if (pending) return Status::pending;
        if (!m_current_first) {
            m_done = true;
            m_reader.reset(); // close the input as soon as it is finished
            return Status::done;
        }
    }
    job.seq = ++m_seq;
    job.args.clear();
    job.args.push_back(*m_current_first);
    for (std::size_t i = 0; i < m_others.size(); ++i)
        job.args.push_back(m_others[i][m_odometer[i]]);
    return Status::ready;
}

std::optional<std::uint64_t> ArgumentSource::total() const {
    if (m_done) return m_seq;
    if (m_reader) return std::nullopt;
    std::uint64_t combinations = m_first_values.size();
    for (const auto& values : m_others)
        combinations *= values.size();
    return combinations;
}

int ArgumentSource::pending_fd() const {
    return m_reader ? m_reader->fd() : -1;
}

void ArgumentSource::on_readable() {
    if (m_reader) m_reader->fill();
}

} // namespace prun
