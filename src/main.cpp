#include <prun/app.hpp>

int main(int argc, char** argv) {
    return prun::main(argc, argv);
}
