#!/bin/sh
# Builds tjc's fuzz targets the OSS-Fuzz way, for ClusterFuzzLite (and OSS-Fuzz): with the
# caller's $CC and $CFLAGS (they carry the sanitizer and coverage flags of the build asked
# for), linked with $LIB_FUZZING_ENGINE, into $OUT. Runs from the repository root (the
# Dockerfile's WORKDIR); scripts/oss-fuzz-build runs it outside Docker.
#
# For every target of set(TJC_FUZZ_TARGETS ...) in fuzz/CMakeLists.txt (read by
# scripts/fuzz-targets; there is no other list), $OUT gets:
#   fuzz_<surface>                  the libFuzzer binary
#   fuzz_<surface>_seed_corpus.zip  corpus/fuzz_<surface>/, plus what the target's replay
#                                   test in fuzz/CMakeLists.txt feeds it from the catalogue:
#                                   the case bodies (`tjc cases --export-bodies`) for
#                                   validate and serve, the case files for cases
#   fuzz_<surface>.dict, .options   when fuzz/ has them
#   lib/                            the shared libraries the binaries need beyond the C
#                                   runtime (cJSON, libmicrohttpd, libcurl and theirs): the
#                                   runner image has none of them, so the binaries find
#                                   them through an RPATH of $ORIGIN/lib (DT_RPATH, not
#                                   RUNPATH, so that it also serves the libraries' own
#                                   dependencies); --as-needed keeps the list to what a
#                                   target uses
set -eu

for v in OUT WORK CC LIB_FUZZING_ENGINE; do
    eval "value=\${$v:-}"
    if [ -z "$value" ]; then
        echo "build.sh: \$$v is not set (OSS-Fuzz's compile sets it; scripts/oss-fuzz-build does here)" >&2
        exit 2
    fi
done
CFLAGS=${CFLAGS:-}
mkdir -p "$OUT" "$WORK"
OUT=$(cd "$OUT" && pwd)
WORK=$(cd "$WORK" && pwd)
src=$(pwd)
if [ ! -f "$src/fuzz/CMakeLists.txt" ]; then
    echo "build.sh: run it from the tjc repository root (the Dockerfile's WORKDIR), not $src" >&2
    exit 2
fi
jobs=$(nproc 2>/dev/null || echo 2)
targets=$("$src/scripts/fuzz-targets" "$src")
if [ -z "$targets" ]; then
    echo "build.sh: set(TJC_FUZZ_TARGETS ...) in fuzz/CMakeLists.txt is empty" >&2
    exit 2
fi
echo "build.sh: targets: $(echo "$targets" | tr '\n' ' ')"

# ---- the fuzz targets, with the caller's toolchain and the engine ----
fuzz_build=$WORK/tjc-fuzz
rm -rf "$fuzz_build"
# An engine given as a library (AFL++, honggfuzz, centipede in OSS-Fuzz) is C++: link with
# $CXX then, as OSS-Fuzz asks. clang links -fsanitize=fuzzer's C++ runtime itself.
case $LIB_FUZZING_ENGINE in
-*) link_rule= ;;
*) link_rule="${CXX:-clang++} <FLAGS> <CMAKE_C_LINK_FLAGS> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>" ;;
esac
# No -Werror here: OSS-Fuzz's clang is newer than the one CI's presets hold warnings
# against, and a new warning must not stop the fuzzing. '$ORIGIN' is for the linker.
# shellcheck disable=SC2016
cmake -S "$src" -B "$fuzz_build" -G "Unix Makefiles" \
    -DCMAKE_BUILD_TYPE= \
    -DCMAKE_C_COMPILER="$CC" \
    -DCMAKE_C_FLAGS="$CFLAGS" \
    -DCMAKE_EXE_LINKER_FLAGS="${LDFLAGS:-} -Wl,--as-needed -Wl,--disable-new-dtags" \
    -DCMAKE_BUILD_RPATH='$ORIGIN/lib' \
    ${link_rule:+"-DCMAKE_C_LINK_EXECUTABLE=$link_rule"} \
    -DTJC_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" \
    -DTJC_WERROR=OFF -DTJC_TESTS=OFF -DTJC_BENCH=OFF
# shellcheck disable=SC2086
cmake --build "$fuzz_build" --parallel "$jobs" --target $targets

# ---- tjc itself, plain (no sanitizers, no coverage), to write the catalogue's bodies ----
plain_build=$WORK/tjc-plain
rm -rf "$plain_build"
(
    unset CFLAGS CXXFLAGS LDFLAGS
    cmake -S "$src" -B "$plain_build" -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_C_COMPILER="$CC" -DTJC_WERROR=OFF -DTJC_TESTS=OFF -DTJC_BENCH=OFF >/dev/null
    cmake --build "$plain_build" --parallel "$jobs" --target tjc >/dev/null
)
seeds=$WORK/tjc-seeds
rm -rf "$seeds"
"$plain_build/tjc" cases --cases-dir "$src/conformance" --export-bodies "$seeds/bodies" >/dev/null

# Copies the regular files under DIR (not dot files) into STAGE, a file in a subfolder
# named with its path (a/b.json -> PREFIXa-b.json); two inputs of one name are an error.
stage_files() {
    sf_dir=$1 sf_stage=$2 sf_prefix=$3 sf_pattern=$4
    [ -d "$sf_dir" ] || return 0
    find "$sf_dir" -type f -name "$sf_pattern" ! -name '.*' | LC_ALL=C sort |
        while IFS= read -r sf_file; do
            sf_name=$sf_prefix$(printf '%s' "${sf_file#"$sf_dir"/}" | tr '/' '-')
            if [ -e "$sf_stage/$sf_name" ]; then
                echo "build.sh: two seeds named $sf_name ($sf_file)" >&2
                exit 1
            fi
            cp "$sf_file" "$sf_stage/$sf_name"
        done
}

# ---- into $OUT ----
mkdir -p "$OUT/lib"
for target in $targets; do
    surface=${target#fuzz_}
    cp "$fuzz_build/fuzz/$target" "$OUT/$target"

    stage=$seeds/$target
    mkdir -p "$stage"
    stage_files "$src/corpus/$target" "$stage" "" '*'
    # what the target's replay test adds (fuzz/CMakeLists.txt, "Ordinary builds")
    case $surface in
    validate | serve) stage_files "$seeds/bodies" "$stage" "" '*.body' ;;
    cases) stage_files "$src/conformance" "$stage" "case-" '*.json' ;;
    esac
    rm -f "$OUT/${target}_seed_corpus.zip"
    if [ -n "$(ls -A "$stage")" ]; then
        (cd "$stage" && zip -q -X -r "$OUT/${target}_seed_corpus.zip" .)
    else
        echo "build.sh: $target has no seeds (corpus/$target/ is empty)" >&2
    fi

    for extra in dict options; do
        if [ -f "$src/fuzz/$target.$extra" ]; then
            cp "$src/fuzz/$target.$extra" "$OUT/$target.$extra"
        fi
    done

    # the shared libraries beyond the C runtime, found where the builder resolves them
    ldd "$OUT/$target" | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' |
        while read -r soname path; do
            case $soname in
            libc.so.* | libm.so.* | libdl.so.* | libpthread.so.* | librt.so.* | \
                libresolv.so.* | libutil.so.* | ld-linux*.so.* | libgcc_s.so.* | \
                libstdc++.so.* | libc++.so.* | libc++abi.so.*) ;;
            *) [ -f "$OUT/lib/$soname" ] || cp -L "$path" "$OUT/lib/$soname" ;;
            esac
        done
done
echo "build.sh: wrote to $OUT:"
ls -l "$OUT"
