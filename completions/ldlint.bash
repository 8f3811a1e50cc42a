# bash completion for ldlint: options, rule ids, device and loader ids,
# formats, and files for the options that take one.
_ldlint()
{
	local cur prev words cword
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_CWORD:+${COMP_WORDS[COMP_CWORD-1]}}
	local ldlint=${COMP_WORDS[0]}
	case $prev in
	-W|--explain)
		COMPREPLY=($(compgen -W "$("$ldlint" --list-rules 2>/dev/null | awk 'NR > 1 {print $1}')" -- "$cur"))
		return ;;
	-d|--device|--show-device|-L|--loader)
		COMPREPLY=($(compgen -W "$("$ldlint" --list-devices 2>/dev/null | awk 'NR > 1 {print $1}')" -- "$cur"))
		[ "${#COMPREPLY[@]}" -eq 0 ] && COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-f|--format)
		COMPREPLY=($(compgen -W "text json sarif codequality csv markdown html" -- "$cur"))
		return ;;
	--fail-on)
		COMPREPLY=($(compgen -W "error warning note" -- "$cur"))
		return ;;
	--color)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return ;;
	-I)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--depth|--top|--link-base)
		return ;;
	-T|--script|--elf|--map|-o|--output|-c|--config|--device-file|--baseline)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac
	case $cur in
	-Wno-*)
		COMPREPLY=($(compgen -P -Wno- -W "$("$ldlint" --list-rules 2>/dev/null | awk 'NR > 1 {print $1}')" -- "${cur#-Wno-}"))
		return ;;
	-*)
		COMPREPLY=($(compgen -W "$("$ldlint" --help 2>/dev/null | grep -oE -- '(^| )--?[A-Za-z][A-Za-z-]*' | tr -d ' ' | sort -u)" -- "$cur"))
		return ;;
	esac
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _ldlint ldlint
