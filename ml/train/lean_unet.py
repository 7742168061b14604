"""FLOP-lean U-Net for binary wound segmentation (Cicatrix model v2).

On 2 CPU cores the number of training steps decides, so this net spends its FLOPs where context
is: a stride-2 stem (no wide convolution at full resolution), five levels down to 1/32 of the
input (a 512² photo's wound is seen with its limb and background), depthwise-separable blocks
(depthwise 3×3 + pointwise 1×1, batch norm, ReLU; residual when the width is kept), bilinear
upsampling with skip connections, and a light full-resolution refinement (8 channels) so the
outline follows the photo's edges. About 0.3 M parameters; a 512² forward takes a small fraction
of v1's (measured by tests/bench and in the model card). Input N×3×H×W normalised RGB, H and W multiples of 32; output N×1×H×W logits.
TorchScript-friendly (no data-dependent control flow).
"""
import torch
import torch.nn.functional as F
from torch import nn


class SeparableConv(nn.Module):
    """Depthwise 3×3 (optionally strided or dilated) then pointwise 1×1, each with BN + ReLU."""

    def __init__(self, cin: int, cout: int, stride: int = 1, dilation: int = 1):
        super().__init__()
        self.depthwise = nn.Sequential(
            nn.Conv2d(cin, cin, 3, stride=stride, padding=dilation, dilation=dilation, groups=cin,
                      bias=False),
            nn.BatchNorm2d(cin), nn.ReLU(inplace=True))
        self.pointwise = nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout),
                                       nn.ReLU(inplace=True))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pointwise(self.depthwise(x))


class Stage(nn.Module):
    """Two separable convolutions; the second is residual."""

    def __init__(self, cin: int, cout: int, stride: int = 1, dilation: int = 1):
        super().__init__()
        self.first = SeparableConv(cin, cout, stride)
        self.second = SeparableConv(cout, cout, 1, dilation)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.first(x)
        return y + self.second(y)


class Up(nn.Module):
    def __init__(self, cin: int, cskip: int, cout: int):
        super().__init__()
        self.stage = Stage(cin + cskip, cout)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        x = F.interpolate(x, size=skip.shape[-2:], mode="bilinear", align_corners=False)
        return self.stage(torch.cat([x, skip], dim=1))


class LeanUNet(nn.Module):
    def __init__(self, widths=(16, 40, 80, 160, 256), fine: int = 8):
        super().__init__()
        c = list(widths)
        self.stem = nn.Sequential(nn.Conv2d(3, c[0], 3, stride=2, padding=1, bias=False),
                                  nn.BatchNorm2d(c[0]), nn.ReLU(inplace=True))
        self.enc0 = Stage(c[0], c[0])                 # 1/2
        self.enc1 = Stage(c[0], c[1], stride=2)       # 1/4
        self.enc2 = Stage(c[1], c[2], stride=2)       # 1/8
        self.enc3 = Stage(c[2], c[3], stride=2, dilation=2)  # 1/16
        self.enc4 = Stage(c[3], c[4], stride=2, dilation=2)  # 1/32: the wound in its setting
        self.up3 = Up(c[4], c[3], c[3])
        self.up2 = Up(c[3], c[2], c[2])
        self.up1 = Up(c[2], c[1], c[1])
        self.up0 = Up(c[1], c[0], c[0])
        self.fine_in = nn.Sequential(nn.Conv2d(3, fine, 3, padding=1, bias=False),
                                     nn.BatchNorm2d(fine), nn.ReLU(inplace=True))
        self.fine = SeparableConv(c[0] + fine, fine)
        self.head = nn.Conv2d(fine, 1, 1)
        self.aux = nn.Conv2d(c[0], 1, 1)  # deep supervision at 1/2 (training only)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        e0 = self.enc0(self.stem(x))
        e1 = self.enc1(e0)
        e2 = self.enc2(e1)
        e3 = self.enc3(e2)
        e4 = self.enc4(e3)
        d = self.up3(e4, e3)
        d = self.up2(d, e2)
        d = self.up1(d, e1)
        return self.up0(d, e0)

    def refine(self, x: torch.Tensor, half: torch.Tensor) -> torch.Tensor:
        up = F.interpolate(half, size=x.shape[-2:], mode="bilinear", align_corners=False)
        return self.head(self.fine(torch.cat([up, self.fine_in(x)], dim=1)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.refine(x, self.features(x))

    @torch.jit.unused
    def forward_train(self, x: torch.Tensor):
        """Full-resolution logits and the 1/2-resolution auxiliary logits (deep supervision)."""
        half = self.features(x)
        return self.refine(x, half), self.aux(half)
