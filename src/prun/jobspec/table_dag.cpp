#include <fmt/format.h>

#include <prun/jobspec/table_dag.hpp>

namespace prun {

TableDag::TableDag(JobTable table)
    : m_table(std::move(table)), m_state(m_table.size(), State::waiting), m_unmet(m_table.size()),
      m_unhanded(m_table.size()) {
    std::vector<std::uint32_t> ready;
    for (std::size_t i = 0; i < m_table.size(); ++i) {
        m_unmet[i] = static_cast<std::uint32_t>(m_table.needs(i).size());
        if (m_unmet[i] == 0) {
            m_state[i] = State::ready;
            ready.push_back(static_cast<std::uint32_t>(i));
        }
    }
    // In order already: a heap without sifting.
    m_ready = MinHeap(std::greater<>(), std::move(ready));
}

std::string TableDag::skipped_phrase(std::uint32_t index) const {
    return job_label(m_table.name(index), index + 1) + ", which was skipped";
}

Dag::Take TableDag::take(Job& out) {
    // Skipped jobs first: reporting them takes no slot, and it is news the user wants.
    MinHeap* queue = !m_doomed.empty() ? &m_doomed : !m_ready.empty() ? &m_ready : nullptr;
    if (queue == nullptr) return m_unhanded > 0 ? Dag::Take::waiting : Dag::Take::empty;
    std::uint32_t index = queue->top();
    queue->pop();
    bool skipped = queue == &m_doomed;
    out = m_table.job(index);
    m_state[index] = skipped ? State::skipped : State::running;
    if (skipped) {
        auto why = m_why.find(index);
        out.skipped_because = std::move(why->second);
        m_why.erase(why);
    }
    --m_unhanded;
    return skipped ? Dag::Take::skipped : Dag::Take::ready;
}

void TableDag::finish(const JobEnd& end) {
    if (end.seq == 0 || end.seq > m_table.size()) return;
    auto index = static_cast<std::uint32_t>(end.seq - 1);
    State state = m_state[index];
    if (state == State::skipped) m_state[index] = State::finished; // dependents doomed already
    if (state != State::running) return;
    m_state[index] = State::finished;
    std::string why;
    if (!end.succeeded) why = fmt::format("{}, which {}", job_label(end.name, end.seq), end.how);
    for (std::uint32_t dependent : m_table.dependents(index)) {
        if (!end.succeeded) {
            doom(dependent, why);
        } else if (m_state[dependent] == State::waiting && --m_unmet[dependent] == 0) {
            m_state[dependent] = State::ready;
            m_ready.push(dependent);
        }
    }
}

void TableDag::doom(std::uint32_t index, const std::string& failure) {
    // (job, the failed need it names): each job doomed through another names that one.
    std::vector<std::pair<std::uint32_t, std::string>> stack{{index, failure}};
    while (!stack.empty()) {
        auto [current, need] = std::move(stack.back());
        stack.pop_back();
        if (m_state[current] != State::waiting) continue;
        m_state[current] = State::doomed;
        m_why[current] = "needs " + need;
        m_doomed.push(current);
        auto dependents = m_table.dependents(current);
        if (dependents.empty()) continue;
        std::string skipped = skipped_phrase(current);
        for (std::uint32_t dependent : dependents)
            stack.emplace_back(dependent, skipped);
    }
}

} // namespace prun
