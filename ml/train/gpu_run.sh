#!/bin/bash
# The device call of a session lent a GPU machine: two recipes of train_gpu.py side by side on
# its one GPU (7 crop and 3 whole-photo loader workers each), continuing the shipped model's float weights. The FUSeg
# folder travels in the checkout's ignored folder .fuseg (47 MB; the working tree may carry 64 MiB):
#
#   mkdir -p .fuseg && cp -r ../shared/datasets/fuseg .fuseg/ && echo /.fuseg/ >> .git/info/exclude
#   device run: bash ml/train/gpu_run.sh 7      (carry .fuseg; timeout_s 600)
#
# Each recipe leaves fold0.pt (best by the mean Dice over the validation split and its variants),
# fold0_last.pt and folds.json under $OUT/<recipe>; the logs are $OUT/<recipe>.log (8 files: what
# a call may bring back). Export both states here and check each on LUTSeg before shipping either:
# in the first H200 run the best validation checkpoint had learnt that wounds are small spots
# (README, model table). Both recipes therefore mix whole letterboxed photos in throughout.
set -u
minutes=${1:-7}
out=${OUT:?run on the device machine, where OUT is set}
init=${INIT:-assets/models/wound-seg/state_dict.pt}
py=${PYTHON:-python3}  # the device image's python3 holds torch; here: PYTHON=/usr/bin/python3
export PYTHONUNBUFFERED=1
nvidia-smi -L || true
[ -f /tmp/nn/dataset.json ] || "$py" ml/train/fuseg_to_nnunet.py .fuseg/fuseg /tmp/nn >/dev/null || exit 1
common=(--folds 1 --minutes "$minutes" --init "$init" --window-min 0.25 --workers 7 --eval-every 150
        --batch 64 --lr 5e-4 ${EXTRA:-})
"$py" ml/train/train_gpu.py /tmp/nn "$out/mix" "${common[@]}" --full-mix 0.3 --background-p 0.35 \
    >"$out/mix.log" 2>&1 &
pids=($!)
"$py" ml/train/train_gpu.py /tmp/nn "$out/whole" "${common[@]}" --full-mix 0.6 --background-p 0.5 \
    --seed 7 >"$out/whole.log" 2>&1 &
pids+=($!)
rc=0
for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
grep -v -i warn "$out/mix.log" "$out/whole.log" | tail -n 40
exit $rc
