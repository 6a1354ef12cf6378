# bash completion for prun(1).                                      -*- shell-script -*-
# Installed as share/bash-completion/completions/prun. Self-contained (no helpers from
# the bash-completion package), so it also works when sourced on its own.

_prun_options='--slurm-args --slurm --worker --no-worker --cleanup --return --transfer --transferfile --tf --basefile --bf --ssh-delay --filter-hosts --onall --nonall --hostgroups --hgrp --ssh --slf -S --sshlogin --round-robin --group-by --groupby --shard --bin --tee --block-timeout --bt --blocktimeout --cat --fifo --pipepart --pipe-part --regexp --regex --rrs --remove-rec-sep --removerecsep --semaphore --id --semaphore-name --semaphorename --fg --bg --wait --semaphore-timeout --semaphoretimeout --st --recstart --recend --block-size --block --pipe --trim -L --max-lines -a --arg-file -0 --null -d --delimiter -I --plus --rpl --parens -n --max-args -N --max-replace-args
    -m -X --xargs -s --max-chars -x --exit --show-limits --max-line-length-allowed
    -q --quote --tmpdir --wd --shuf --shebang --hashbang --shebang-wrap --term-seq --retry-failed
    --env --record-env -J --profile --plain
    --extensionreplace --er --basenamereplace --bnr --dirnamereplace --dnr
    --basenameextensionreplace --bner --seqreplace --slotreplace
    --link --xapply -C --colsep --csv --header -f --jobfile --jsonl -E -r --no-run-if-empty --skip-first-line
    --arg-sep --arg-file-sep --shell-quote --shellquote
    -j --jobs --shell --no-shell --nice --process-slot-var --filter --load --memfree --memsuspend --noswap --limit --tmpl --template --dry-run --delay
    --group --line-buffer --lb -u --ungroup -k --keep-order --no-keep-order --tag --files --compress --compress-program --decompress-program --tagstring --color --color-failed --cf
    --timeout --term-timeout --retries --halt
    --timings --bar --progress --eta --total-jobs --total --joblog --resume --resume-failed --report --events
    --timeline --results -v --silent -t --verbose --debug
    -h --help --version'

_prun_halt_values='never now,fail=1 soon,fail=1 now,fail=10% soon,fail=10%
    now,success=1 soon,success=1 now,success=10% soon,success=10%
    now,done=1 soon,done=1 now,done=10% soon,done=10%'

# The kind of value option $1 takes; fails for options that take none.
_prun_value_kind() {
    case $1 in
        -a | --arg-file | --slf | --transferfile | --tf | --basefile | --bf | -f | --jobfile | --joblog | --report | --timeline | -J | --profile) echo file ;;
        --events) echo file-or-dash ;;
        --results | --wd) echo directory ;;
        --shell) echo shell ;;
        --compress-program | --decompress-program) echo program ;;
        --color) echo color ;;
        --halt) echo halt ;;
        -j | --jobs) echo jobs ;;
        -s | --max-chars | --tmpdir | --term-seq | --extensionreplace | --er | --basenamereplace | --bnr | \
            --dirnamereplace | --dnr | --basenameextensionreplace | --bner | --seqreplace | --slotreplace | \
            -E | --arg-sep | --arg-file-sep | -d | --delimiter | -I | --rpl | --parens | -n | --max-args | -N | --max-replace-args | -C | --colsep | \
            --header | --nice | --process-slot-var | --filter | --total-jobs | --total | --load | --memfree | --memsuspend | --limit | --tmpl | --template | --id | --semaphore-name | --semaphorename | --semaphore-timeout | --semaphoretimeout | --st | --tagstring | --slurm-args | --return | --ssh-delay | --env | --ssh | -S | --sshlogin | --recstart | --recend | --block-size | --block | --trim | -L | --max-lines | --timeout | --term-timeout | --retries | --delay)
            echo text ;;
        *) return 1 ;;
    esac
}

# Prints the candidates of kind $1 that begin with $2, one per line.
_prun_values() {
    case $1 in
        file) compgen -f -- "$2" ;;
        file-or-dash) compgen -W '-' -- "$2"; compgen -f -- "$2" ;;
        directory) compgen -d -- "$2" ;;
        shell) compgen -W "$(grep -v '^#' /etc/shells 2>/dev/null || echo /bin/sh)" -- "$2" ;;
        color) compgen -W 'auto always never' -- "$2" ;;
        halt) compgen -W "$_prun_halt_values" -- "$2" ;;
        jobs) compgen -W "0 1 2 $(nproc 2>/dev/null) 50% 100% +1 -1" -- "$2" ;;
        command) compgen -c -- "$2"; compgen -W '::: ::::' -- "$2" ;;
        program) compgen -c -- "$2" ;;
        option) compgen -W "$_prun_options" -- "$2" ;;
        argument) compgen -f -- "$2"; compgen -W '::: :::: :::+ ::::+' -- "$2" ;;
    esac
}

_prun() {
    # Work on the line as typed: bash's COMP_WORDS splits "--color=al" and "now,fail=1"
    # at '=' and ':', which would hide what the word really is.
    local line
    if [[ -n ${COMP_LINE-} ]]; then
        line=${COMP_LINE:0:COMP_POINT}
        # Only this command's words ("cd x; prun ..." has others before it).
        line=${line#*"${COMP_WORDS[0]}"}
    else
        line=" ${COMP_WORDS[*]:1:COMP_CWORD}"
    fi
    local cur=${line##*[[:space:]]}
    local -a words
    read -r -a words <<<"${line%"$cur"}"

    # Walk the words before this one: prun's options (and their values), then the command
    # (the first other word), then input sources.
    local i word kind="" pending="" state=options
    for ((i = 0; i < ${#words[@]}; i++)); do
        word=${words[i]}
        if [[ -n $pending ]]; then
            pending=""
            continue
        fi
        case $word in
            ::: | :::+) state=arguments; continue ;;
            :::: | ::::+) state=files; continue ;;
        esac
        [[ $state != options ]] && continue
        case $word in
            --) state=command ;;
            --*=*) ;;
            -?*) _prun_value_kind "$word" >/dev/null && pending=$word ;;
            *) state=command ;;
        esac
    done

    if [[ $state == options && -n $pending ]]; then
        kind=$(_prun_value_kind "$pending")
    elif [[ $state == options && $cur == --*=* ]]; then
        kind=$(_prun_value_kind "${cur%%=*}") || kind=text
        cur=${cur#*=}
    elif [[ $state == options && $cur == -* ]]; then
        kind=option
    elif [[ $state == options ]]; then
        kind=command
    elif [[ $state == files ]]; then
        kind=file
    else
        kind=argument
    fi
    [[ $kind == text ]] && { COMPREPLY=(); return 0; }
    [[ $kind == file* || $kind == directory || $kind == argument ]] && compopt -o filenames 2>/dev/null

    mapfile -t COMPREPLY < <(_prun_values "$kind" "$cur" | awk '!seen[$0]++')
    # Readline replaces only what follows the last '=' or ':' of the word: offer that part.
    if [[ $cur == *[=:]* ]]; then
        local typed_prefix=${cur%"${cur##*[=:]}"}
        COMPREPLY=("${COMPREPLY[@]#"$typed_prefix"}")
    fi
    return 0
}

complete -F _prun prun
