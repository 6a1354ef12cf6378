# fish completion for prun(1). Installed as share/fish/vendor_completions.d/prun.fish.

# prun's options end at the command (the first word that is not one of them), as in
# GNU parallel: after it, complete the command's own arguments instead.
function __prun_in_options
    set -l words (commandline -opc)
    set -e words[1]
    set -l takes_value --compress-program --decompress-program --wd --env -J --profile --nice --process-slot-var --filter --total-jobs --total --load --memfree --memsuspend --limit --tmpl --template --slotreplace --seqreplace --basenameextensionreplace --bner --dirnamereplace --dnr --basenamereplace --bnr --extensionreplace --er --term-seq --tmpdir -s --max-chars --id --semaphore-name --semaphorename --semaphore-timeout --semaphoretimeout --st --slurm-args --return --transferfile --tf --basefile --bf --ssh-delay --ssh --slf -S --sshlogin --recstart --recend --block-size --block --trim -L --max-lines -a --arg-file -d --delimiter -I --rpl --parens -n --max-args -N --max-replace-args \
        -C --colsep --header -f --jobfile -j --jobs --shell --delay --tagstring --color \
        --timeout --term-timeout --retries --halt --joblog --report --events --timeline --results
    set -l skip 0
    for word in $words
        if test $skip = 1
            set skip 0
            continue
        end
        switch $word
            case '--*=*'
                continue
            case -- '--'
                return 1
            case '-?*'
                contains -- $word $takes_value; and set skip 1
            case '*'
                return 1
        end
    end
    return 0
end

function __prun_halt_values
    printf '%s\t%s\n' \
        never 'run every job whatever happens (default)' \
        now,fail=1 'stop at the first failure, killing running jobs' \
        soon,fail=1 'stop starting jobs at the first failure' \
        now,fail=10% 'stop when 10% of the jobs have failed' \
        soon,fail=10% 'stop starting jobs when 10% have failed' \
        now,success=1 'stop at the first success, killing running jobs' \
        soon,success=1 'stop starting jobs at the first success' \
        now,done=1 'stop when a job has ended, killing running jobs' \
        soon,done=1 'stop starting jobs when a job has ended'
end

complete -c prun -n __prun_in_options -f
complete -c prun -n 'not __prun_in_options' -F
complete -c prun -n __prun_in_options -a '(__fish_complete_command)' -d command

# Input
complete -c prun -n __prun_in_options -s a -l arg-file -r -F -d 'Read arguments from FILE, one per line'
complete -c prun -n __prun_in_options -s 0 -l null -d 'Input records end with NUL'
complete -c prun -n __prun_in_options -s d -l delimiter -x -d 'Input records end with STR'
complete -c prun -n __prun_in_options -s I -x -d 'Use STR instead of {} for the arguments'
complete -c prun -n __prun_in_options -l plus -d "GNU's extra replacement strings: {+/} {+.} {..} {##} {:-str} ..."
complete -c prun -n __prun_in_options -l rpl -x -d "Define a replacement string: 'TAG perl-expression'"
complete -c prun -n __prun_in_options -s m -d 'As many arguments per job as the command line has room for, all in {}'
complete -c prun -n __prun_in_options -s X -d 'As -m, but a word holding {} is repeated for each argument'
complete -c prun -n __prun_in_options -l xargs -d 'As -m, without spreading the arguments over the job slots'
complete -c prun -n __prun_in_options -s s -l max-chars -x -d 'A command line is shorter than N characters'
complete -c prun -n __prun_in_options -s x -l exit -d "With -n/-N/-L: stop when a job's arguments do not all fit in the line"
complete -c prun -n __prun_in_options -l show-limits -d 'Print the longest command line and the one -m/-X/-s use, then run'
complete -c prun -n __prun_in_options -l max-line-length-allowed -d 'Print the longest command line a job can have, and exit'
complete -c prun -n __prun_in_options -l wd -x -a '(__fish_complete_directories)' -d 'Run each job in DIR (. for here, ... for a new folder per job)'
complete -c prun -n __prun_in_options -l env -x -a '(set -n)' -d 'Give remote jobs the variable or exported function NAME (_ for all)'
complete -c prun -n __prun_in_options -l record-env -d "Write the current variables' names to \$PARALLEL_HOME/ignored_vars, and exit"
complete -c prun -n __prun_in_options -s J -l profile -r -d 'Read default options from the profile NAME instead of the config file'
complete -c prun -n __prun_in_options -l plain -d 'Read no default options: no config file or profile, $PARALLEL or PRUN_OPTS'
complete -c prun -n __prun_in_options -s q -l quote -d 'Quote the command\'s words, so that the shell runs them as typed'
complete -c prun -n __prun_in_options -l tmpdir -x -d 'Keep temporary files in DIR and set $TMPDIR to it for the jobs'
complete -c prun -n __prun_in_options -l shuf -d 'Read every job first, then run them in a random order'
complete -c prun -n __prun_in_options -l shebang -d "First on a #! line: the script's lines are the arguments"
complete -c prun -n __prun_in_options -l hashbang -d "First on a #! line: the script's lines are the arguments"
complete -c prun -n __prun_in_options -l shebang-wrap -d 'First on a #! line: run the script once for each of its arguments'
complete -c prun -n __prun_in_options -l term-seq -x -d 'How a job is stopped: signals and milliseconds to wait after each'
complete -c prun -n __prun_in_options -l retry-failed -d 'Run again the jobs that failed in the --joblog, with their logged commands'
complete -c prun -n __prun_in_options -l extensionreplace -x -d 'Use STR instead of {.}'
complete -c prun -n __prun_in_options -l er -x -d 'Use STR instead of {.}'
complete -c prun -n __prun_in_options -l basenamereplace -x -d 'Use STR instead of {/}'
complete -c prun -n __prun_in_options -l bnr -x -d 'Use STR instead of {/}'
complete -c prun -n __prun_in_options -l dirnamereplace -x -d 'Use STR instead of {//}'
complete -c prun -n __prun_in_options -l dnr -x -d 'Use STR instead of {//}'
complete -c prun -n __prun_in_options -l basenameextensionreplace -x -d 'Use STR instead of {/.}'
complete -c prun -n __prun_in_options -l bner -x -d 'Use STR instead of {/.}'
complete -c prun -n __prun_in_options -l seqreplace -x -d 'Use STR instead of {#}'
complete -c prun -n __prun_in_options -l slotreplace -x -d 'Use STR instead of {%}'
complete -c prun -n __prun_in_options -l parens -x -d 'Brackets of perl expressions (default {==})'
complete -c prun -n __prun_in_options -s E -x -d 'The input ends before a value equal to STR'
complete -c prun -n __prun_in_options -s r -l no-run-if-empty -d 'Leave out blank input values'
complete -c prun -n __prun_in_options -l skip-first-line -d 'Leave out the first line of the first input'
complete -c prun -n __prun_in_options -l arg-sep -x -d 'Use STR instead of :::'
complete -c prun -n __prun_in_options -l arg-file-sep -x -d 'Use STR instead of ::::'
complete -c prun -n __prun_in_options -l shell-quote -d "Print each job's command quoted; run nothing"
complete -c prun -n __prun_in_options -l shellquote -d "Print each job's command quoted; run nothing"
complete -c prun -n __prun_in_options -s n -l max-args -x -d 'At most N arguments per job'
complete -c prun -n __prun_in_options -s N -l max-replace-args -x -d 'N arguments per job, as {1}..{N}'
complete -c prun -n __prun_in_options -l link -d 'Pair the input sources instead of combining them'
complete -c prun -n __prun_in_options -l xapply -d 'Same as --link'
complete -c prun -n __prun_in_options -s L -l max-lines -x -d 'N input lines per job, as -N; a line ending in a blank continues on the next one'
complete -c prun -n __prun_in_options -l trim -x -d 'Trim white space off the arguments  n (none), l (left), r (right) or lr (both; the default with --colsep)'
complete -c prun -n __prun_in_options -l pipe -d 'Split stdin into blocks of whole records, one per job, on its stdin'
complete -c prun -n __prun_in_options -l block -x -d 'With --pipe, blocks of about SIZE bytes'
complete -c prun -n __prun_in_options -l block-size -x -d 'Same as --block'
complete -c prun -n __prun_in_options -l recend -x -d 'With --pipe, records end with STR'
complete -c prun -n __prun_in_options -l recstart -x -d 'With --pipe, records start with STR'
complete -c prun -n __prun_in_options -l group-by -x -d 'Blocks end only where column COL changes'
complete -c prun -n __prun_in_options -l groupby -x -d 'Same as --group-by'
complete -c prun -n __prun_in_options -l shard -x -d 'Give each line to one of -j jobs by a hash of column COL'
complete -c prun -n __prun_in_options -l bin -x -d 'Give each line to the job numbered by column COL'
complete -c prun -n __prun_in_options -l tee -d 'With --pipe, every job gets all of the input; jobs from the arguments'
complete -c prun -n __prun_in_options -l block-timeout -x -d 'With --pipe, cut a block not complete after DURATION'
complete -c prun -n __prun_in_options -l bt -x -d 'Same as --block-timeout'
complete -c prun -n __prun_in_options -l blocktimeout -x -d 'Same as --block-timeout'
complete -c prun -n __prun_in_options -l cat -d 'Each job\'s block in a temporary file named by {}'
complete -c prun -n __prun_in_options -l fifo -d 'Each job\'s block through a named pipe named by {}'
complete -c prun -n __prun_in_options -l round-robin -d 'With --pipe, deal blocks to -j long-lived jobs'
complete -c prun -n __prun_in_options -l pipepart -d 'As --pipe, from the file given with -a or ::::'
complete -c prun -n __prun_in_options -l pipe-part -d 'As --pipe, from the file given with -a or ::::'
complete -c prun -n __prun_in_options -l regexp -d 'With --pipe, --recend and --recstart are regexes'
complete -c prun -n __prun_in_options -l regex -d 'With --pipe, --recend and --recstart are regexes'
complete -c prun -n __prun_in_options -l rrs -d 'With --pipe, remove the record separators'
complete -c prun -n __prun_in_options -l remove-rec-sep -d 'With --pipe, remove the record separators'
complete -c prun -n __prun_in_options -l removerecsep -d 'With --pipe, remove the record separators'
complete -c prun -n __prun_in_options -l nice -x -d 'Run the jobs N steps nicer than prun'
complete -c prun -n __prun_in_options -l process-slot-var -x -d 'Set NAME in each job to its job slot - 1'
complete -c prun -n __prun_in_options -l filter -x -d 'Run only the jobs for which the perl code FILTER is true'
complete -c prun -n __prun_in_options -l load -x -d 'Start a job only while fewer than MAX processes run'
complete -c prun -n __prun_in_options -l memfree -x -d 'Start a job only while SIZE bytes of memory are free'
complete -c prun -n __prun_in_options -l memsuspend -x -d 'Suspend the youngest jobs while under twice SIZE bytes are free'
complete -c prun -n __prun_in_options -l noswap -d 'Start no job while the machine swaps in and out'
complete -c prun -n __prun_in_options -l limit -x -d 'Run CMD before a job: 0 starts it, 1 waits, 2 kills the youngest'
complete -c prun -n __prun_in_options -l tmpl -r -d 'Fill template FILE per job into NAME (FILE=NAME)'
complete -c prun -n __prun_in_options -l template -r -d 'Fill template FILE per job into NAME (FILE=NAME)'
complete -c prun -n __prun_in_options -l semaphore -d 'Run the command under a semaphore shared by prun invocations'
complete -c prun -n __prun_in_options -l id -x -d 'The semaphore name'
complete -c prun -n __prun_in_options -l semaphore-name -x -d 'The semaphore name'
complete -c prun -n __prun_in_options -l semaphorename -x -d 'The semaphore name'
complete -c prun -n __prun_in_options -l fg -d 'Wait for the command, exit with its status'
complete -c prun -n __prun_in_options -l bg -d 'Return once a slot is held (default)'
complete -c prun -n __prun_in_options -l wait -d 'Wait until no command holds the semaphore'
complete -c prun -n __prun_in_options -l semaphore-timeout -x -d 'Wait at most DURATION for a slot'
complete -c prun -n __prun_in_options -l semaphoretimeout -x -d 'Wait at most DURATION for a slot'
complete -c prun -n __prun_in_options -l st -x -d 'Wait at most DURATION for a slot'
complete -c prun -n __prun_in_options -s S -l sshlogin -x -d 'Run jobs on these hosts over ssh'
complete -c prun -n __prun_in_options -l slf -r -F -d 'Read hosts from FILE'
complete -c prun -n __prun_in_options -l ssh -x -d 'The ssh command and its options'
complete -c prun -n __prun_in_options -l transfer -d 'Copy each jobs arguments (files) to its host first'
complete -c prun -n __prun_in_options -l return -x -d 'Copy FILE back from the host after the job'
complete -c prun -n __prun_in_options -l cleanup -d 'Remove transferred and returned files from the host'
complete -c prun -n __prun_in_options -l transferfile -l tf -r -F -d 'Copy FILE to the host before the job'
complete -c prun -n __prun_in_options -l basefile -l bf -r -F -d 'Copy FILE to each host before its first job'
complete -c prun -n __prun_in_options -l ssh-delay -x -d 'Wait DURATION between job starts'
complete -c prun -n __prun_in_options -l filter-hosts -d 'Leave out the hosts that cannot be reached'
complete -c prun -n __prun_in_options -l onall -d 'Run every job on every host'
complete -c prun -n __prun_in_options -l hostgroups -l hgrp -d 'An arguments @G names the hostgroups it may run in'
complete -c prun -n __prun_in_options -l nonall -d 'Run the command once on every host, no arguments'
complete -c prun -n __prun_in_options -l no-worker -d 'No worker per host or node: a session or step per job'
complete -c prun -n __prun_in_options -l worker -d 'Internal: the worker another prun starts on a host'
complete -c prun -n __prun_in_options -l slurm -d 'Run each job as a step of the current Slurm allocation'
complete -c prun -n __prun_in_options -l slurm-args -x -d 'More srun options for each step'
complete -c prun -n __prun_in_options -s C -l colsep -x -d 'Split input lines into columns at REGEX'
complete -c prun -n __prun_in_options -l csv -d 'Input lines are CSV records, split at --colsep (default ,)'
complete -c prun -n __prun_in_options -l header -x -a ':' -d 'The first input line names the columns'
complete -c prun -n __prun_in_options -s f -l jobfile -r -F -d 'Read jobs from a JSON or JSON Lines file'
complete -c prun -n __prun_in_options -l jsonl -d 'Read the job file as JSON Lines'
# Execution
complete -c prun -n __prun_in_options -s j -l jobs -x -a '0 1 2 4 8 50% 100% +1 -1' -d 'Run at most N jobs at once'
complete -c prun -n __prun_in_options -l shell -x -a '(string match -v "#*" < /etc/shells)' -d 'Run every command with SHELL'
complete -c prun -n __prun_in_options -l no-shell -d 'Never use a shell'
complete -c prun -n __prun_in_options -l dry-run -d 'Print the commands instead of running them'
complete -c prun -n __prun_in_options -l delay -x -d 'Wait DURATION between job starts'
# Output
complete -c prun -n __prun_in_options -l group -d "Print each job's output when it ends (default)"
complete -c prun -n __prun_in_options -l line-buffer -d 'Print whole lines as jobs produce them'
complete -c prun -n __prun_in_options -l lb -d 'Same as --line-buffer'
complete -c prun -n __prun_in_options -s u -l ungroup -d 'Print output as it comes, unbuffered'
complete -c prun -n __prun_in_options -s k -l keep-order -d 'Print output in input order'
complete -c prun -n __prun_in_options -l no-keep-order -d 'Cancel -k: output as jobs end'
complete -c prun -n __prun_in_options -l tag -d "Prefix output lines with the job's arguments"
complete -c prun -n __prun_in_options -l files -d "Save each job's stdout in a file and print its name"
complete -c prun -n __prun_in_options -l compress -d 'Compress held output in the temporary file (zstd)'
complete -c prun -n __prun_in_options -l compress-program -x -a '(__fish_complete_command)' -d 'Compress held output with PRG, a filter'
complete -c prun -n __prun_in_options -l decompress-program -x -a '(__fish_complete_command)' -d 'Decompress held output with PRG'
complete -c prun -n __prun_in_options -l tagstring -x -d 'Prefix output lines with STR'
complete -c prun -n __prun_in_options -l color -x -a 'auto always never' -d 'Colour tags and failures'
complete -c prun -n __prun_in_options -l color-failed -d "Show a failed job's output white on red"
complete -c prun -n __prun_in_options -l cf -d "Show a failed job's output white on red"
# Failure handling
complete -c prun -n __prun_in_options -l timeout -x -d 'Kill a job that runs longer than DURATION'
complete -c prun -n __prun_in_options -l term-timeout -x -d 'Grace between SIGTERM and SIGKILL'
complete -c prun -n __prun_in_options -l retries -x -d 'Try a failing job up to N times in all'
complete -c prun -n __prun_in_options -l halt -x -a '(__prun_halt_values)' -d 'When to stop the run early'
# Reports
complete -c prun -n __prun_in_options -l timings -d 'Print a timing line per job and a summary'
complete -c prun -n __prun_in_options -l bar -d 'Progress bar on a terminal'
complete -c prun -n __prun_in_options -l progress -d 'Progress line on a terminal'
complete -c prun -n __prun_in_options -l eta -d 'Progress line on a terminal, with the ETA'
complete -c prun -n __prun_in_options -l total-jobs -l total -x -d 'The number of jobs, instead of counting them'
complete -c prun -n __prun_in_options -l joblog -r -F -d "Log jobs to FILE in GNU parallel's format"
complete -c prun -n __prun_in_options -l resume -d 'Skip the jobs already in the joblog'
complete -c prun -n __prun_in_options -l resume-failed -d 'Rerun the failed jobs of the joblog'
complete -c prun -n __prun_in_options -l report -r -F -d 'Write a JSON report of the run to FILE'
complete -c prun -n __prun_in_options -l events -r -F -a '-' -d 'Write job events as JSON Lines to FILE'
complete -c prun -n __prun_in_options -l timeline -r -F -d 'Draw a Gantt chart of the run (.svg, .html)'
complete -c prun -n __prun_in_options -l results -r -d "Keep each job's output under DIR, or in a table FILE.csv|.tsv|.json"
complete -c prun -n __prun_in_options -s v -d 'Print each command before its output'
complete -c prun -n __prun_in_options -l silent -d 'Cancel -v'
complete -c prun -n __prun_in_options -s t -l verbose -d 'Print each command on stderr as it starts'
complete -c prun -n __prun_in_options -l debug -d "Print prun's debug diagnostics"
# General
complete -c prun -n __prun_in_options -s h -l help -d 'Print the help and exit'
complete -c prun -n __prun_in_options -l version -d 'Print the version and exit'
