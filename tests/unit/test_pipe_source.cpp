// PipeSource: one job per block of its input, in order, waiting (pending) on a pipe
// that has no complete block yet.

#include <string>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <prun/jobspec/pipe_source.hpp>
#include <prun/util/fd.hpp>

namespace {

void write_all(int fd, const std::string& data) {
    REQUIRE(::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
}

} // namespace

TEST_CASE("a job per block, pending until a block is complete") {
    prun::Pipe pipe;
    REQUIRE(prun::make_pipe(pipe));
    prun::BlockReader reader(pipe.read.get(), "test pipe", prun::BlockSplitter({}, 4));
    prun::PipeSource source(reader);
    prun::Job job;

    CHECK(source.next(job) == prun::JobStream::Status::pending);
    CHECK(source.pending_fd() == pipe.read.get());
    CHECK(source.prefetch_fd() == pipe.read.get()); // no block yet: worth reading ahead

    write_all(pipe.write.get(), "ab\ncd\nef");
    source.on_readable();
    CHECK(source.prefetch_fd() == -1); // a block is ready: stop reading
    REQUIRE(source.next(job) == prun::JobStream::Status::ready);
    CHECK(job.seq == 1);
    CHECK(job.args.empty());
    REQUIRE(job.stdin_data);
    CHECK(*job.stdin_data == "ab\n");
    REQUIRE(source.next(job) == prun::JobStream::Status::ready);
    CHECK(*job.stdin_data == "cd\n");
    // "ef" may be the start of a longer record.
    CHECK(source.next(job) == prun::JobStream::Status::pending);

    pipe.write.reset(); // end of input: the last record needs no newline
    source.on_readable();
    REQUIRE(source.next(job) == prun::JobStream::Status::ready);
    CHECK(job.seq == 3);
    CHECK(*job.stdin_data == "ef");
    CHECK_FALSE(source.exhausted());
    CHECK(source.next(job) == prun::JobStream::Status::done);
    CHECK(source.exhausted());
    CHECK(source.count() == 3);
}

// Regression: with every slot busy the scheduler does not ask again, so --round-robin's
// dealer waited forever for the source to say it was exhausted.
TEST_CASE("with a job limit, exhausted as soon as the last job is handed out") {
    prun::Pipe pipe;
    REQUIRE(prun::make_pipe(pipe));
    write_all(pipe.write.get(), "1\n2\n3\n4\n");
    prun::BlockReader reader(pipe.read.get(), "test pipe", prun::BlockSplitter({}, 2));
    prun::PipeSource source(reader, 2);
    prun::Job job;
    CHECK(source.prefetch_fd() == -1); // what is read ahead is the dealer's, not ours
    source.on_readable();
    REQUIRE(source.next(job) == prun::JobStream::Status::ready);
    CHECK_FALSE(source.exhausted());
    REQUIRE(source.next(job) == prun::JobStream::Status::ready);
    CHECK(job.seq == 2);
    CHECK(source.exhausted());
    CHECK(source.prefetch_fd() == -1); // the rest of the input is not the source's any more
    CHECK(source.next(job) == prun::JobStream::Status::done);
    // The rest is still in the reader, for the jobs already running.
    std::shared_ptr<const std::string> block;
    REQUIRE(reader.next(block) == prun::BlockReader::Status::ready);
    CHECK(*block == "3\n");
}
