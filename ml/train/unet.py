"""Compact U-Net for binary wound segmentation (Cicatrix model v1).

Four resolution levels (16-32-64-128 channels, then a 256-channel bottleneck), 3×3 convolutions
with batch norm and ReLU, transposed-convolution upsampling. Input N×3×H×W normalised RGB with H
and W multiples of 16; output N×1×H×W logits. About 1.9 M parameters, TorchScript-friendly.
"""
import torch
from torch import nn


class ConvBlock(nn.Module):
    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)


class Up(nn.Module):
    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.up = nn.ConvTranspose2d(cin, cout, 2, stride=2)
        self.conv = ConvBlock(cout * 2, cout)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        return self.conv(torch.cat([self.up(x), skip], dim=1))


class UNet(nn.Module):
    def __init__(self, base: int = 16):
        super().__init__()
        c = [base, base * 2, base * 4, base * 8, base * 16]
        self.enc0 = ConvBlock(3, c[0])
        self.enc1 = ConvBlock(c[0], c[1])
        self.enc2 = ConvBlock(c[1], c[2])
        self.enc3 = ConvBlock(c[2], c[3])
        self.bottleneck = ConvBlock(c[3], c[4])
        self.pool = nn.MaxPool2d(2)
        self.up3 = Up(c[4], c[3])
        self.up2 = Up(c[3], c[2])
        self.up1 = Up(c[2], c[1])
        self.up0 = Up(c[1], c[0])
        self.head = nn.Conv2d(c[0], 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        e0 = self.enc0(x)
        e1 = self.enc1(self.pool(e0))
        e2 = self.enc2(self.pool(e1))
        e3 = self.enc3(self.pool(e2))
        b = self.bottleneck(self.pool(e3))
        d3 = self.up3(b, e3)
        d2 = self.up2(d3, e2)
        d1 = self.up1(d2, e1)
        d0 = self.up0(d1, e0)
        return self.head(d0)
