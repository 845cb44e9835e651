#!/usr/bin/env bash
# Batch throughput: generates N statements (default 1000: 表态发言, 整改方案, 工作报告 built
# from templates, some in GBK) and times `taizhang extract DIR --format csv` with --jobs 1
# and --jobs 2 (best of ROUNDS runs each), checks that both give the same bytes, and prints
# the speed-up.
#
#   scripts/bench_batch.sh [N]          # builds with cargo build --release first
#   TAIZHANG=path/to/taizhang scripts/bench_batch.sh
#   ROUNDS=5 scripts/bench_batch.sh 2000
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
ROUNDS=${ROUNDS:-3}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ -z "${TAIZHANG:-}" ]]; then
    cargo build --release --quiet
    TAIZHANG="${CARGO_TARGET_DIR:-target}/release/taizhang"
fi
# A private copy: a build elsewhere cannot swap the binary in the middle of the runs.
cp "$TAIZHANG" "$work/taizhang"

python3 - "$work/corpus" "$N" <<'PY'
import os, random, sys

out, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(20240601)
CN = "一二三四五六七八九十"

units = ["区委办公室", "区政府办公室", "区纪委监委", "区委组织部", "区委宣传部", "区委政法委", "区发改局",
         "区财政局", "区教育局", "区审计局", "区民政局", "区司法局", "区商务局", "区统计局", "区自然资源局",
         "区生态环境分局", "区市场监管局", "区人社局", "区农业农村局", "区水务局", "区文旅局", "区应急局",
         "区信访局", "区城管局", "区交通运输局", "各街道党工委", "各镇党委", "区国资委", "区工商联", "团区委"]
people = ["王建国", "李红梅", "张志强", "刘晓东", "陈卫华", "杨秀英", "赵国庆", "黄丽娟", "周海涛", "吴明辉"]
topics = ["基层党组织建设", "意识形态工作", "作风建设", "营商环境", "安全生产", "生态环境保护", "民生实事",
          "信访积案化解", "财政资金管理", "国有资产监管", "干部队伍建设", "乡村振兴", "城市更新",
          "社会治理", "疫情防控常态化", "耕地保护", "河湖长制", "招商引资", "数字政府", "老旧小区改造"]
actions = ["制定", "完善", "建立", "修订", "开展", "推进", "落实", "组织", "完成", "启动", "加快", "深化"]
objects = ["工作方案", "专项整治行动", "长效机制", "问题清单", "责任清单", "整改台账", "督查检查",
           "集中学习", "谈心谈话", "业务培训", "风险排查", "制度汇编", "考核办法", "应急预案", "项目建设"]
cues = ["要", "将", "必须", "确保", "力争", "切实", "坚决", "务必", "要抓紧", "将全力"]
vague = ["尽快", "适时", "逐步", "近期", "择机", "长期坚持", "持续推进"]
problems = ["学习不够深入", "责任落实不到位", "制度执行不严格", "工作作风不扎实", "监督管理有漏洞",
            "资金使用不规范", "台账资料不健全", "整改进度滞后", "群众反映问题办理不及时"]
amounts = ["3个", "5项", "12家", "20余次", "100%", "2000万元", "15公里", "30个", "8批次", "60户"]


def deadline(year):
    k = rng.randrange(8)
    m, d = rng.randrange(1, 13), rng.randrange(1, 29)
    return [f"{year}年{m}月底前", f"{year}年{m}月{d}日前", "年底前", f"{rng.choice(['三', '六', '两'])}个月内",
            f"{year}年第{rng.choice('一二三四')}季度", "6月30日前", rng.choice(vague), f"{year}年上半年"][k]


def pledge(year, owner=True):
    who = rng.choice(units) if owner else rng.choice(["我们", "全区上下", "各级各部门"])
    t = rng.choice(topics)
    s = f"{who}{rng.choice(cues)}{'在' if rng.random() < .5 else '于'}{deadline(year)}{rng.choice(actions)}{t}{rng.choice(objects)}"
    if rng.random() < .5:
        s += f"，{rng.choice(actions)}{rng.choice(amounts)}{rng.choice(objects)}"
    return s + "。"


def speech(i, year):
    lines = [f"在全区{rng.choice(topics)}工作会议上的表态发言", f"{rng.choice(units)}  {rng.choice(people)}",
             f"（{year}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日）", "",
             f"尊敬的各位领导、同志们：刚才，会议通报了{rng.choice(topics)}有关情况，我们完全赞同、坚决拥护。下面，我代表本单位作如下表态："]
    for k in range(rng.randrange(4, 8)):
        lines.append(f"{CN[k]}、{rng.choice(['提高政治站位', '压实工作责任', '聚焦重点任务', '强化督查问效', '坚持问题导向', '加强组织保障'])}，{rng.choice(['确保', '推动', '保障'])}{rng.choice(topics)}取得实效。"
                     + "".join(pledge(year, rng.random() < .7) for _ in range(rng.randrange(2, 6))))
        if rng.random() < .6:
            for j in range(rng.randrange(2, 5)):
                lines.append(f"（{CN[j]}）{pledge(year, rng.random() < .6)}")
    lines.append("我们将以此次会议为新的起点，以更加务实的作风，全力以赴抓好各项任务落实，以优异成绩向区委、区政府交上满意答卷！")
    return "\n".join(lines)


def plan(i, year):
    lines = [f"关于{rng.choice(topics)}问题的整改方案", "",
             f"为认真落实{rng.choice(['区委巡察组', '市委督查组', '审计部门'])}反馈意见，切实抓好{rng.choice(topics)}问题整改，制定本方案。",
             "一、总体要求", f"坚持问题导向、目标导向、结果导向，以{rng.choice(topics)}为抓手，全面完成整改任务。",
             "二、整改任务"]
    for k in range(rng.randrange(8, 16)):
        lines.append(f"{k + 1}. {rng.choice(problems)}的问题。")
        lines.append(f"整改措施：{rng.choice(actions)}{rng.choice(topics)}{rng.choice(objects)}，{rng.choice(cues)}{rng.choice(actions)}{rng.choice(amounts)}{rng.choice(objects)}。")
        lines.append(f"责任领导：{rng.choice(people)}")
        lines.append(f"牵头单位：{rng.choice(units)}")
        if rng.random() < .5:
            lines.append(f"配合单位：{rng.choice(units)}、{rng.choice(units)}")
        lines.append(f"完成时限：{deadline(year)}")
    lines += ["三、保障措施", f"（一）加强组织领导。成立由{rng.choice(people)}任组长的整改工作领导小组，{rng.choice(units)}负责日常工作。",
              f"（二）严格督查考核。{rng.choice(units)}要对整改情况进行跟踪督办，{deadline(year)}报送整改进展。"]
    return "\n".join(lines)


def report(i, year):
    lines = [f"{rng.choice(units)}{year}年工作总结和{year + 1}年工作计划", "", f"一、{year}年工作情况"]
    for k in range(rng.randrange(3, 7)):
        lines.append(f"（{CN[k]}）{rng.choice(topics)}扎实推进。全年{rng.choice(actions)}{rng.choice(amounts)}{rng.choice(objects)}，"
                     f"累计完成投资{rng.randrange(1, 90)}亿元，{rng.choice(topics)}取得明显成效。")
    lines.append(f"二、存在的问题")
    lines.append("一是" + rng.choice(problems) + "；二是" + rng.choice(problems) + "；三是" + rng.choice(problems) + "。")
    lines.append(f"三、{year + 1}年工作安排")
    for k in range(rng.randrange(5, 10)):
        lines.append(f"{k + 1}.{rng.choice(['着力', '全力', '持续'])}{rng.choice(actions)}{rng.choice(topics)}。"
                     + "".join(pledge(year + 1, rng.random() < .8) for _ in range(rng.randrange(1, 4))))
    return "\n".join(lines)


for i in range(n):
    year = 2021 + i % 4
    kind = (speech, plan, report)[i % 3]
    text = kind(i, year) + "\n"
    sub = os.path.join(out, str(year), ("发言", "方案", "报告")[i % 3])
    os.makedirs(sub, exist_ok=True)
    data = text.encode("gbk") if i % 10 == 9 else text.encode("utf-8")
    with open(os.path.join(sub, f"{i:04d}.txt"), "wb") as f:
        f.write(data)
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)
print(f"corpus: {n} statements, {size / 1024:.0f} KiB, in {out}")
PY

python3 - "$work" "$ROUNDS" <<'PY'
import subprocess, sys, time

work, rounds = sys.argv[1], int(sys.argv[2])
exe, corpus = f"{work}/taizhang", f"{work}/corpus"


def run(jobs):
    t = time.perf_counter()
    p = subprocess.run([exe, "extract", corpus, "--format", "csv", "--jobs", str(jobs), "--quiet"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"taizhang exited with {p.returncode}: {p.stderr.decode(errors='replace')}")
    return dt, p.stdout


run(2)  # warm the page cache
best = {}
outputs = {}
for _ in range(rounds):
    for jobs in (1, 2):
        dt, out = run(jobs)
        best[jobs] = min(best.get(jobs, dt), dt)
        outputs[jobs] = out
if outputs[1] != outputs[2]:
    sys.exit("--jobs 1 and --jobs 2 gave different output")
rows = outputs[1].count(b"\r\n") - 1
print(f"ledger: {rows} rows, identical with --jobs 1 and --jobs 2")
print(f"--jobs 1: {best[1]:.2f} s")
print(f"--jobs 2: {best[2]:.2f} s")
print(f"speed-up: {best[1] / best[2]:.2f}x")
PY
