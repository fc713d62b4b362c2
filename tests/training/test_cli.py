"""Every `python -m training` command answers --help (argparse formats help strings, so a stray % breaks it)."""

from __future__ import annotations

import pytest

from training.__main__ import COMMANDS, main


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_of_every_command(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage" in capsys.readouterr().out.lower()


def test_unknown_command_lists_the_commands(capsys):
    assert main(["no-such-command"]) != 0
    captured = capsys.readouterr()
    assert "train" in captured.out + captured.err
