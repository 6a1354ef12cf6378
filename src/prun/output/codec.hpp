#pragma once
// How held output that spills to the temporary file is stored under --compress: each block
// the multiplexer spills becomes one frame, compressed on its own, so a frame can be read
// back without those before it and given back to the file system once printed.
//
//   make_zstd_codec()     libzstd in prun's process, level 1: --compress (GNU tries pzstd
//                         and zstd first too, as external programs)
//   make_program_codec()  --compress-program / --decompress-program: each frame goes
//                         through `/bin/sh -c PROGRAM` as a filter, stdin to stdout, as GNU
//                         pipes each job's output through them
//
// compress() and decompress() throw Error naming the program (or zstd's reason) when a
// frame cannot be made or read back.

#include <memory>
#include <string>
#include <string_view>

namespace prun {

class Codec {
public:
    virtual ~Codec() = default;
    // `frame` becomes the compressed form of `data`.
    virtual void compress(std::string_view data, std::string& frame) = 0;
    // `data` becomes what `frame` holds; `size` is the length compress() was given.
    virtual void decompress(std::string_view frame, std::size_t size, std::string& data) = 0;
};

std::unique_ptr<Codec> make_zstd_codec();

// GNU's defaults: a compress program alone decompresses with `PROGRAM -dc`.
std::unique_ptr<Codec> make_program_codec(std::string compress_program,
                                          std::string decompress_program);

// Runs `codec` once over a small block and back: a program that cannot be run, fails or
// does not give the block back is found before any job starts. Throws Error.
void check_codec(Codec& codec);

} // namespace prun
