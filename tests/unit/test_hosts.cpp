// Host lists (-S, --slf) and the pool of host slots the scheduler takes from.

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <catch2/catch.hpp>

#include <prun/sched/hosts.hpp>
#include <prun/util/error.hpp>

using prun::HostPool;
using prun::HostSpec;

namespace {
HostSpec host(const char* text, unsigned default_slots = 4) {
    std::string why;
    auto spec = prun::parse_host_spec(text, default_slots, why);
    if (!spec) throw std::runtime_error(why);
    return *spec;
}
bool rejected(const char* text) {
    std::string why;
    return !prun::parse_host_spec(text, 4, why) && !why.empty();
}
} // namespace

TEST_CASE("host specs: [N/][user@]host and ':'") {
    CHECK(host("node1") == HostSpec{"node1", 4});
    CHECK(host("8/node1") == HostSpec{"node1", 8});
    CHECK(host("alice@node2") == HostSpec{"alice@node2", 4});
    CHECK(host("2/alice@10.0.0.1") == HostSpec{"alice@10.0.0.1", 2});
    CHECK(host(":").is_local());
    CHECK(host("3/:") == HostSpec{":", 3});
    CHECK_FALSE(host("node1").is_local());

    CHECK(rejected(""));
    CHECK(rejected("0/node1"));
    CHECK(rejected("x/node1"));
    CHECK(rejected("/node1"));
    CHECK(rejected("4/"));
    CHECK(rejected("-oProxyCommand=evil"));
    CHECK(rejected("4/-p22"));
    CHECK(rejected("ssh -p 2222 node1"));
    CHECK(rejected("node\t1"));
    CHECK(rejected("@/node1"));
    CHECK(rejected("@g/@node1"));
    CHECK(host("@node1").login.empty()); // a hostgroup (GNU), not a host
    CHECK(rejected("alice@"));
}

TEST_CASE("host lists: commas, blanks around names, errors name the option") {
    auto hosts = prun::parse_host_list("8/node1, node2 ,:", 2, "-S/--sshlogin");
    REQUIRE(hosts.size() == 3);
    CHECK(hosts[0] == HostSpec{"node1", 8});
    CHECK(hosts[1] == HostSpec{"node2", 2});
    CHECK(hosts[2].is_local());
    CHECK_THROWS_WITH(prun::parse_host_list("node1,,node2", 2, "-S/--sshlogin"),
                      Catch::Contains("invalid host '' in -S/--sshlogin"));
    CHECK_THROWS_WITH(prun::parse_host_list("0/x", 2, "-S/--sshlogin"),
                      Catch::Contains("'0/x'") && Catch::Contains("slot count"));
}

TEST_CASE("--slf files: one per line, comments and blank lines skipped") {
    std::string path = "test_hosts_slf.txt";
    {
        std::ofstream out(path);
        out << "# cluster\n\n4/node1\n  node2   # the big one\nnode3,:\n";
    }
    auto hosts = prun::read_host_file(path, 1);
    std::remove(path.c_str());
    REQUIRE(hosts.size() == 4);
    CHECK(hosts[0] == HostSpec{"node1", 4});
    CHECK(hosts[1] == HostSpec{"node2", 1});
    CHECK(hosts[2] == HostSpec{"node3", 1});
    CHECK(hosts[3].is_local());

    {
        std::ofstream out(path);
        out << "node1\n2/ bad host\n";
    }
    CHECK_THROWS_WITH(prun::read_host_file(path, 1), Catch::Contains("line 2"));
    {
        std::ofstream out(path);
        out << "# nothing\n";
    }
    CHECK_THROWS_WITH(prun::read_host_file(path, 1), Catch::Contains("names no host"));
    std::remove(path.c_str());
    CHECK_THROWS_WITH(prun::read_host_file("no/such/file", 1), Catch::Contains("cannot read"));
}

TEST_CASE("host pool: slots per host, only hosts that are up") {
    HostPool pool({{"node1", 2}, {"node2", 1}, {":", 1}});
    CHECK(pool.total_slots() == 4);
    // The local host is up at once; the remote ones are still connecting.
    CHECK(pool.state(2) == HostPool::State::up);
    CHECK(pool.take() == std::optional<std::size_t>(2));
    CHECK_FALSE(pool.take());
    CHECK_FALSE(pool.has_free_slot());

    pool.mark_up(0);
    pool.mark_up(1);
    // The most free slots first: node1 (2), then node1 and node2 tie at 1 (first wins).
    CHECK(pool.take() == std::optional<std::size_t>(0));
    CHECK(pool.take() == std::optional<std::size_t>(0));
    CHECK(pool.take() == std::optional<std::size_t>(1));
    CHECK_FALSE(pool.take());
    pool.release(0);
    CHECK(pool.take() == std::optional<std::size_t>(0));
    pool.release(0);
    pool.release(1);
    // `avoid` is used only when nothing else has room.
    CHECK(pool.take(0) == std::optional<std::size_t>(1));
    CHECK(pool.take(0) == std::optional<std::size_t>(0));
}

TEST_CASE("host pool: slots limited to what the connections can carry") {
    HostPool pool({{"node1", 25}});
    pool.mark_up(0);
    pool.limit_slots(0, 10);
    for (int i = 0; i < 10; ++i)
        CHECK(pool.take() == std::optional<std::size_t>(0));
    CHECK_FALSE(pool.take());
    pool.limit_slots(0, 30); // never above the host's own slots
    for (int i = 0; i < 15; ++i)
        CHECK(pool.take() == std::optional<std::size_t>(0));
    CHECK_FALSE(pool.take());
    CHECK(pool.total_slots() == 25);
}

TEST_CASE("host pool: hosts going down") {
    HostPool pool({{"node1", 1}, {"node2", 1}});
    pool.mark_down(0, "connection refused");
    CHECK_FALSE(pool.all_down());
    pool.mark_up(1);
    CHECK(pool.take() == std::optional<std::size_t>(1));
    pool.release(1);
    // A host that is down stays down.
    pool.mark_up(0);
    CHECK(pool.state(0) == HostPool::State::down);

    CHECK_FALSE(pool.note_job_end(1, true));
    CHECK_FALSE(pool.note_job_end(1, true));
    CHECK_FALSE(pool.note_job_end(1, false)); // a normal end resets the count
    CHECK_FALSE(pool.note_job_end(1, true));
    CHECK_FALSE(pool.note_job_end(1, true));
    CHECK(pool.note_job_end(1, true));

    pool.mark_down(1, "3 jobs in a row lost their connection");
    CHECK(pool.all_down());
    CHECK_FALSE(pool.take());
    CHECK(pool.total_slots() == 2);
    CHECK(pool.down_summary() ==
          "node1: connection refused; node2: 3 jobs in a row lost their connection");
}

TEST_CASE("host pool: --filter-hosts waits for every host, then leaves out those down") {
    HostPool pool({{"node1", 1}, {"node2", 1}, {"node3", 1}});
    pool.filter_down_hosts();
    pool.mark_up(0);
    CHECK_FALSE(pool.has_free_slot()); // node2 and node3 are still connecting
    pool.mark_down(1, "connection refused");
    CHECK_FALSE(pool.has_free_slot());
    pool.mark_up(2);
    CHECK(pool.has_free_slot());
    CHECK(pool.take() == std::optional<std::size_t>(0));
    CHECK(pool.take() == std::optional<std::size_t>(2));
    CHECK(pool.down_summary() == "node2: connection refused");
}

TEST_CASE("hostgroups: @G1+G2/ before a host, @G alone, and jobs of groups") {
    std::string why;
    auto spec = prun::parse_host_spec("@g1+g2/2/alice@node1", 4, why);
    REQUIRE(spec);
    CHECK(spec->login == "alice@node1");
    CHECK(spec->slots == 2);
    CHECK(spec->groups == std::vector<std::string>{"g1", "g2"});
    CHECK(spec->in_any_group({"g2"}));
    CHECK(spec->in_any_group({"alice@node1"}));
    CHECK_FALSE(spec->in_any_group({"g3"}));
    CHECK_FALSE(prun::parse_host_spec("@g1++g2/node1", 4, why));
    CHECK(why == "a hostgroup name after '@' is empty");

    auto hosts = prun::parse_host_list("@a/node1,@b/node2,@b+c/:,@b", 1, "-S");
    prun::apply_group_only_entries(hosts);
    REQUIRE(hosts.size() == 2);
    CHECK(hosts[0].login == "node2");
    CHECK(hosts[1].login == ":");

    HostPool pool(prun::parse_host_list("@a/node1,@b/node2", 1, "-S"));
    pool.mark_up(0);
    pool.mark_up(1);
    CHECK(pool.take(std::nullopt, {"b"}) == std::optional<std::size_t>(1));
    CHECK_FALSE(pool.has_free_slot_in({"b"}));
    CHECK(pool.has_free_slot_in({"a"}));
    CHECK(pool.has_free_slot_in({"nowhere"})); // no host in it: any host
    pool.mark_down(1, "gone");
    CHECK_FALSE(pool.groups_alive({"b"}));
    CHECK(pool.groups_alive({"a", "b"}));
}
