"""``ember._inductor.config`` and ``list_mode_options``: torch's names and defaults, unknown
names refused, ``patch`` in its three forms; and the shared settings-module machinery that
``ember._dynamo.config`` uses too."""
from __future__ import annotations

import warnings

import pytest
from conftest import requires_torch

import ember
import ember._dynamo.config as dynamo_config
import ember._inductor
from ember._inductor import config


def test_scripts_set_code_generator_switches_and_read_them_back():
    config.coordinate_descent_tuning = True
    config.triton.unique_kernel_names = True
    try:
        assert config.coordinate_descent_tuning is True
        assert config.get_config_copy()["triton.unique_kernel_names"] is True
    finally:
        config.coordinate_descent_tuning = False
    assert config.coordinate_descent_tuning is False


@pytest.mark.parametrize("action", ["read", "write", "read_sub", "write_sub"])
def test_unknown_names_are_refused_naming_them(action):
    with pytest.raises(AttributeError) as info:
        if action == "read":
            _ = config.no_such_setting
        elif action == "write":
            config.no_such_setting = 1
        elif action == "read_sub":
            _ = config.triton.no_such_setting
        else:
            config.triton.no_such_setting = 1
    suffix = "triton.no_such_setting" if action.endswith("sub") else "no_such_setting"
    assert str(info.value) == f"ember._inductor.config.{suffix} does not exist"


def test_patch_by_name_dict_and_keywords_restores_the_old_values():
    with config.patch("max_autotune", True):
        assert config.max_autotune is True
    with config.patch({"triton.cudagraphs": True, "freezing": True}):
        assert config.triton.cudagraphs is True and config.freezing is True
    assert config.triton.cudagraphs is False and config.freezing is False

    @config.patch(epilogue_fusion=False)
    def inside():
        return config.epilogue_fusion

    assert inside() is False and config.epilogue_fusion is True
    with pytest.raises(AttributeError, match="nonexistent does not exist"):
        config.patch(nonexistent=1)


def test_dynamo_config_keeps_its_aliases_and_deprecations():
    with dynamo_config.patch(cache_size_limit=3):
        assert dynamo_config.recompile_limit == 3
    assert dynamo_config.cache_size_limit == 8
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert dynamo_config.inline_inbuilt_nn_modules is True
    assert caught[0].category is FutureWarning and caught[0].filename == __file__
    with pytest.raises(AttributeError, match="ember._dynamo.config.bogus does not exist"):
        dynamo_config.bogus = 1


def test_mode_options_refuse_an_unknown_mode_as_compile_does():
    with pytest.raises(RuntimeError) as listed:
        ember._inductor.list_mode_options("fastest")
    with pytest.raises(RuntimeError) as compiled:
        ember.compile(ember.nn.Linear(2, 2), mode="fastest")
    assert str(listed.value) == str(compiled.value)


@requires_torch
def test_names_defaults_and_mode_options_match_torch():
    import torch._inductor
    import torch._inductor.config as theirs
    copy = theirs.get_config_copy()
    ours = config.get_config_copy()
    assert {name: copy[name] for name in ours} == ours
    assert ember._inductor.list_mode_options() == torch._inductor.list_mode_options()
    assert set(ember._inductor.list_options()) <= set(torch._inductor.list_options())
    with pytest.raises(RuntimeError) as info:
        torch._inductor.list_mode_options("fastest")
    with pytest.raises(RuntimeError) as mine:
        ember._inductor.list_mode_options("fastest")
    assert str(info.value) == str(mine.value)
