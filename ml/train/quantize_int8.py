"""Post-training int8 quantization of a trained segmentation net (FX graph mode, oneDNN engine).

Debian's torch 1.13 has no fbgemm; its oneDNN engine runs the lean net's depthwise-separable
convolutions in int8 about 1.8x faster than the float graph at 512² on 2 cores, while qnnpack's
int8 was slower than float there. Weights are quantized per output channel, activations per
tensor with ranges observed (histograms) on calibration photos: training photos as they are and
as augment_photo changes them (other white balance, exposure, blur, JPEG), so that dim or warm
photos from other cameras do not fall outside the observed ranges. The caller validates the
result against the float model and keeps it only when the validation Dice holds. Activations use
the full 8-bit range (oneDNN's default): on a CPU without VNNI oneDNN sums u8 × s8 pairs in
saturating 16-bit, so the validation is only as general as the CPU it ran on — the card records
it (`validated_on_cpu`), and the shipped model was validated on such a CPU (the saturating path).

The workstation's libtorch must run the same engine: the model card names it
(`inference.int8.engine`) and the C++ loader selects it before loading.
"""
import copy
import random

import cv2
import torch
from torch.ao.quantization import get_default_qconfig_mapping
from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

ENGINE = "onednn"
MAX_DICE_DROP = 0.005  # the most validation Dice (aggregate or mean per image) int8 may cost


def calibration_inputs(rng: random.Random, train, count: int, size: int, letterbox, to_tensor,
                       augment_photo):
    """`count` training photos letterboxed to the model's input: each as it is and once through the
    training augmentation, both also mirrored (the export's test-time flip) — four inputs a photo."""
    for _, image, label in rng.sample(train, min(count, len(train))):
        for variant in (image, augment_photo(rng, image, label)[0]):
            boxed, *_ = letterbox(variant, size, cv2.INTER_AREA)
            x = to_tensor(boxed)[None]
            yield x
            yield torch.flip(x, [3])


def quantize(model: torch.nn.Module, inputs) -> torch.nn.Module:
    """An int8 copy of `model` (eval mode, float in, float logits out), calibrated on `inputs`."""
    torch.backends.quantized.engine = ENGINE
    float_model = copy.deepcopy(model).eval()
    inputs = iter(inputs)
    first = next(inputs)
    prepared = prepare_fx(float_model, get_default_qconfig_mapping(ENGINE), example_inputs=(first,))
    with torch.no_grad():
        prepared(first)
        for x in inputs:
            prepared(x)
    return convert_fx(prepared).eval()


def refusal(float_metrics: dict, int8_metrics: dict) -> str | None:
    """Why the int8 model must not replace the float one — its validation Dice, aggregate or mean
    per image, is MAX_DICE_DROP or more below the float model's — or None when it may."""
    for key in ("dice_aggregate", "dice_mean"):
        drop = float_metrics[key] - int8_metrics[key]
        if drop >= MAX_DICE_DROP:
            return (f"int8 lowers the validation {key} by {drop:.4f} (limit {MAX_DICE_DROP}): "
                    "export without --int8")
    return None
