#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fstream>

#include <spdlog/spdlog.h>

#include <prun/sched/hosts.hpp>
#include <prun/sched/job_slots.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

std::string_view trim(std::string_view text) {
    const char* blanks = " \t\r";
    std::size_t first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) return {};
    std::size_t last = text.find_last_not_of(blanks);
    return text.substr(first, last - first + 1);
}

// What ssh would take as something other than a host name: an option (a leading '-', which
// would let a host list inject ssh options), blanks (GNU's "sshcommand host" form, which
// prun spells --ssh), and control characters.
bool bad_login_char(unsigned char c) {
    return c <= ' ' || c == 0x7f;
}

} // namespace

bool HostSpec::in_any_group(const std::vector<std::string>& wanted) const {
    return std::any_of(wanted.begin(), wanted.end(), [this](const std::string& group) {
        return group == login || std::find(groups.begin(), groups.end(), group) != groups.end();
    });
}

std::optional<HostSpec> parse_host_spec(std::string_view text, unsigned default_slots,
                                        std::string& why) {
    HostSpec spec;
    spec.slots = default_slots;
    if (!text.empty() && text.front() == '@') {
        // @G1+G2/ (GNU): the host's groups; @G1+G2 alone names groups, not a host.
        std::size_t end = text.find('/');
        std::string_view names = text.substr(1, end == std::string_view::npos ? end : end - 1);
        while (true) {
            std::size_t plus = names.find('+');
            std::string_view name = names.substr(0, plus);
            if (name.empty()) {
                why = "a hostgroup name after '@' is empty";
                return std::nullopt;
            }
            spec.groups.emplace_back(name);
            if (plus == std::string_view::npos) break;
            names.remove_prefix(plus + 1);
        }
        if (end == std::string_view::npos) return spec; // groups only
        text.remove_prefix(end + 1);
    }
    std::size_t slash = text.find('/');
    if (slash != std::string_view::npos) {
        std::string_view count = text.substr(0, slash);
        unsigned slots = 0;
        auto [ptr, ec] = std::from_chars(count.data(), count.data() + count.size(), slots);
        if (count.empty() || ec != std::errc() || ptr != count.data() + count.size() ||
            slots == 0) {
            why = "the slot count before '/' must be a number from 1";
            return std::nullopt;
        }
        spec.slots = std::min(slots, k_unlimited_jobs);
        text.remove_prefix(slash + 1);
    }
    if (text.empty()) {
        why = "no host name";
        return std::nullopt;
    }
    if (text.front() == '-') {
        why = "a host name cannot start with '-'";
        return std::nullopt;
    }
    if (std::any_of(text.begin(), text.end(),
                    [](char c) { return bad_login_char(static_cast<unsigned char>(c)); })) {
        why = "blanks and control characters are not allowed (ssh options go in --ssh)";
        return std::nullopt;
    }
    std::size_t at = text.rfind('@');
    if (at != std::string_view::npos && (at == 0 || at + 1 == text.size())) {
        why = "expected user@host";
        return std::nullopt;
    }
    spec.login = std::string(text);
    return spec;
}

std::vector<HostSpec> parse_host_list(std::string_view text, unsigned default_slots,
                                      std::string_view where) {
    std::vector<HostSpec> hosts;
    while (true) {
        std::size_t comma = text.find(',');
        std::string_view item = trim(text.substr(0, comma));
        std::string why;
        auto spec = parse_host_spec(item, default_slots, why);
        if (!spec) throw Error("invalid host '{}' in {}: {}", item, where, why);
        hosts.push_back(std::move(*spec));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return hosts;
}

void apply_group_only_entries(std::vector<HostSpec>& hosts) {
    std::vector<std::string> wanted;
    for (const HostSpec& spec : hosts)
        if (spec.login.empty()) wanted.insert(wanted.end(), spec.groups.begin(), spec.groups.end());
    if (wanted.empty()) return;
    std::erase_if(hosts, [&](const HostSpec& spec) {
        return spec.login.empty() || !spec.in_any_group(wanted);
    });
    if (hosts.empty()) {
        std::string names;
        for (const std::string& group : wanted)
            names += (names.empty() ? "@" : "+") + group;
        throw Error("no host is in the hostgroups of -S {}", names);
    }
}

std::vector<HostSpec> read_host_file(const std::string& path, unsigned default_slots) {
    std::ifstream in(path);
    if (!in) throw Error("cannot read --slf file '{}': {}", path, errno_text(errno));
    std::vector<HostSpec> hosts;
    std::string line;
    for (unsigned number = 1; std::getline(in, line); ++number) {
        std::string_view content = trim(std::string_view(line).substr(0, line.find('#')));
        if (content.empty()) continue;
        auto more = parse_host_list(content, default_slots,
                                    fmt::format("--slf file '{}' line {}", path, number));
        hosts.insert(hosts.end(), more.begin(), more.end());
    }
    if (in.bad()) throw Error("cannot read --slf file '{}': {}", path, errno_text(errno));
    if (hosts.empty()) throw Error("--slf file '{}' names no host", path);
    return hosts;
}

HostPool::HostPool(std::vector<HostSpec> hosts) {
    for (auto& spec : hosts) {
        Host host;
        host.spec = std::move(spec);
        host.usable = host.spec.slots;
        if (host.spec.is_local()) {
            host.state = State::up;
            m_any_up = true;
        }
        m_hosts.push_back(std::move(host));
    }
}

unsigned HostPool::total_slots() const {
    unsigned long long total = 0;
    for (const Host& host : m_hosts)
        total += host.spec.slots;
    return static_cast<unsigned>(std::min<unsigned long long>(total, k_unlimited_jobs));
}

void HostPool::mark_up(std::size_t index) {
    Host& host = m_hosts[index];
    if (host.state != State::connecting) return;
    host.state = State::up;
    spdlog::debug("host {} is up", host.spec.login);
    if (!m_any_up) {
        // Hosts that failed before any came up were kept quiet; now the run goes on
        // without them, which the user must hear about.
        m_any_up = true;
        for (Host& other : m_hosts)
            if (other.state == State::down) announce_down(other);
    }
}

void HostPool::limit_slots(std::size_t index, unsigned slots) {
    Host& host = m_hosts[index];
    host.usable = std::min(slots, host.spec.slots);
}

void HostPool::mark_down(std::size_t index, std::string_view reason) {
    Host& host = m_hosts[index];
    if (host.state == State::down) return;
    host.state = State::down;
    host.down_reason = std::string(reason);
    if (m_filter && !m_settled) {
        spdlog::debug("--filter-hosts: leaving out {} ({})", host.spec.login, reason);
        host.announced = true;
        return;
    }
    if (m_any_up && !all_down()) announce_down(host);
}

void HostPool::announce_down(Host& host) {
    if (host.announced) return;
    host.announced = true;
    spdlog::warn("host {} is down ({}); running its jobs elsewhere", host.spec.login,
                 host.down_reason);
}

bool HostPool::all_down() const {
    return std::all_of(m_hosts.begin(), m_hosts.end(),
                       [](const Host& host) { return host.state == State::down; });
}

std::string HostPool::down_summary() const {
    std::string summary;
    for (const Host& host : m_hosts) {
        if (host.state != State::down) continue;
        if (!summary.empty()) summary += "; ";
        summary += fmt::format("{}: {}", host.spec.login, host.down_reason);
    }
    return summary;
}

bool HostPool::eligible(std::size_t index, const std::vector<std::string>& groups) const {
    if (groups.empty() || m_hosts[index].spec.in_any_group(groups)) return true;
    // A group no host is in: any host will do.
    return std::none_of(m_hosts.begin(), m_hosts.end(),
                        [&](const Host& host) { return host.spec.in_any_group(groups); });
}

bool HostPool::has_free_slot_in(const std::vector<std::string>& groups) const {
    for (std::size_t i = 0; i < m_hosts.size(); ++i) {
        const Host& host = m_hosts[i];
        if (host.state == State::up && host.used < host.usable && eligible(i, groups)) return true;
    }
    return false;
}

bool HostPool::groups_alive(const std::vector<std::string>& groups) const {
    for (std::size_t i = 0; i < m_hosts.size(); ++i)
        if (m_hosts[i].state != State::down && eligible(i, groups)) return true;
    return false;
}

std::optional<std::size_t> HostPool::take(std::optional<std::size_t> avoid,
                                          const std::vector<std::string>& groups) {
    std::optional<std::size_t> best;
    unsigned best_free = 0;
    for (std::size_t i = 0; i < m_hosts.size(); ++i) {
        const Host& host = m_hosts[i];
        if (host.state != State::up || host.used >= host.usable || avoid == i ||
            !eligible(i, groups))
            continue;
        unsigned free = host.usable - host.used;
        if (free > best_free) {
            best = i;
            best_free = free;
        }
    }
    if (!best && avoid && m_hosts[*avoid].state == State::up &&
        m_hosts[*avoid].used < m_hosts[*avoid].usable && eligible(*avoid, groups))
        best = avoid;
    if (best) ++m_hosts[*best].used;
    return best;
}

void HostPool::release(std::size_t index) {
    if (m_hosts[index].used > 0) --m_hosts[index].used;
}

bool HostPool::has_free_slot() {
    if (m_filter && !m_settled) {
        m_settled = std::none_of(m_hosts.begin(), m_hosts.end(),
                                 [](const Host& host) { return host.state == State::connecting; });
        if (!m_settled) return false;
    }
    return std::any_of(m_hosts.begin(), m_hosts.end(), [](const Host& host) {
        return host.state == State::up && host.used < host.usable;
    });
}

bool HostPool::note_job_end(std::size_t index, bool lost) {
    Host& host = m_hosts[index];
    host.lost_in_a_row = lost ? host.lost_in_a_row + 1 : 0;
    return host.lost_in_a_row >= k_max_lost_in_a_row;
}

} // namespace prun
