#pragma once
// The hosts a run spreads its jobs over (-S/--sshlogin, --slf), in GNU parallel's syntax:
//   [@G1+G2/][N/][user@]host    a remote host reached with ssh, N job slots (default: the
//                               -j value), in the hostgroups G1 and G2 (--hostgroups)
//   [@G1+G2/][N/]:              this machine
//   @G1+G2                      no host: only the hosts of these groups are used
// A host is also in the group of its own name ("user@host", ":").
//
// HostPool is the run's view of them: how many slots each has and how many are in use,
// and whether each is connecting, up or down. The scheduler takes a slot on a host for each
// job it starts and gives it back when the job ends; the runner, which owns the
// connections, marks hosts up when they connect and down when they fail. A host that is
// down stays down for the rest of the run.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace prun {

struct HostSpec {
    std::string login;  // "[user@]host" as given to ssh, or ":" for this machine; "" for @G
    unsigned slots = 1; // jobs at once on this host
    std::vector<std::string> groups{}; // @G1+G2/ (its own name not included)

    bool is_local() const { return login == ":"; }
    // In one of `groups` (its own name counts).
    bool in_any_group(const std::vector<std::string>& wanted) const;
    bool operator==(const HostSpec&) const = default;
};

// Parses one host ("[N/][user@]host" or "[N/]:"). On failure returns nullopt and says why
// in `why` (e.g. "the slot count must be a number from 1").
std::optional<HostSpec> parse_host_spec(std::string_view text, unsigned default_slots,
                                        std::string& why);

// Parses a comma-separated list of hosts, as -S takes it. Throws Error naming `where`
// (e.g. "-S/--sshlogin") and the bad host.
std::vector<HostSpec> parse_host_list(std::string_view text, unsigned default_slots,
                                      std::string_view where);

// -S @G entries (no host): removes them and, if there were any, keeps only the hosts in
// one of their groups (GNU). Throws Error when none is left.
void apply_group_only_entries(std::vector<HostSpec>& hosts);

// Reads a --slf file: hosts one per line (or comma-separated), '#' comments, blank lines
// ignored. Throws Error naming the file (and line) when it cannot be read or a host is bad.
std::vector<HostSpec> read_host_file(const std::string& path, unsigned default_slots);

class HostPool {
public:
    enum class State { connecting, up, down };

    // This machine (":") starts up; remote hosts start connecting.
    explicit HostPool(std::vector<HostSpec> hosts);

    std::size_t size() const { return m_hosts.size(); }
    const HostSpec& spec(std::size_t host) const { return m_hosts[host].spec; }
    State state(std::size_t host) const { return m_hosts[host].state; }
    unsigned total_slots() const;

    // --filter-hosts (GNU): no job starts until every host has connected or failed, and the
    // hosts that failed by then are left out without a warning (later failures are warned
    // about as usual).
    void filter_down_hosts() { m_filter = true; }

    void mark_up(std::size_t index);
    // Caps the slots of host `index` that can be used now (never above its spec's): the runner
    // can run only so many sessions over the connections it has up.
    void limit_slots(std::size_t index, unsigned slots);
    // Takes host `index` out of the run, with a warning that names it and `reason`. While no host
    // has come up yet the warning waits: if every host fails, the run's one error line
    // says it all (see down_summary()).
    void mark_down(std::size_t index, std::string_view reason);
    bool all_down() const;
    // "node1: <reason>; node2: <reason>", for the error when no host is left.
    std::string down_summary() const;

    // A host that is up and has a free slot, or nullopt. Picks the one with the most free
    // slots (the first on a tie), and `avoid` only when no other host has room. With
    // `groups` (--hostgroups: a job's), only a host in one of them, unless no host is in
    // any of them (GNU's man page: then the job runs anywhere).
    std::optional<std::size_t> take(std::optional<std::size_t> avoid = std::nullopt,
                                    const std::vector<std::string>& groups = {});
    // Whether take(avoid, groups) would find a host now.
    bool has_free_slot_in(const std::vector<std::string>& groups) const;
    // Whether a host of `groups` (as take() reads them) is not down: else a job of those
    // groups can never run.
    bool groups_alive(const std::vector<std::string>& groups) const;
    void release(std::size_t index);
    bool has_free_slot(); // (with filter_down_hosts(), notes when the hosts have settled)

    // A job on host `index` lost its connection (true) or ended normally (false). Returns true
    // when the host has lost k_max_lost_in_a_row jobs in a row and should be marked down
    // even though its connection looks alive.
    bool note_job_end(std::size_t index, bool lost);
    static constexpr unsigned k_max_lost_in_a_row = 3;

private:
    struct Host {
        HostSpec spec;
        State state = State::connecting;
        unsigned used = 0;
        unsigned usable = 0; // slots usable now: spec.slots, or fewer (limit_slots)
        unsigned lost_in_a_row = 0;
        std::string down_reason;
        bool announced = false; // its "is down" warning has been printed
    };
    void announce_down(Host& host);
    // Host `index` may run a job of `groups` (take()'s rule).
    bool eligible(std::size_t index, const std::vector<std::string>& groups) const;

    std::vector<Host> m_hosts;
    bool m_any_up = false;
    bool m_filter = false;  // filter_down_hosts()
    bool m_settled = false; // filtering: no host is connecting any more
};

} // namespace prun
