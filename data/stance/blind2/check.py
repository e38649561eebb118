import json, collections, sys
OPEN = set('"\'“‘'); CLOSE = set('"\'”’')
docs=[json.loads(l) for l in open(__import__('pathlib').Path(__file__).resolve().parent / 'blind2.jsonl', encoding='utf-8')]
kinds=collections.Counter(); labels=collections.Counter(); alt=0; opt=0; nulls=0; words=0
marks=collections.Counter()
show = len(sys.argv)>1
for d in docs:
    t=d['text']; words+=len(t.split())
    for q in d['quotes']:
        assert t[q['start']:q['end']]==q['text']
        b=t[q['start']-1]; a=t[q['end']] if q['end']<len(t) else '\n'
        assert b in OPEN, (d['doc_id'], q['text'][:40], repr(b))
        assert a in CLOSE or a=='\n', (d['doc_id'], q['text'][:40], repr(a))
        marks[b]+=1
        kinds[q['kind']]+=1; labels[q['stance']]+=1
        alt+= len(q['stance_ok'])>1; opt+=q['optional']; nulls+= q['speaker'] is None
        if show and d['doc_id']==sys.argv[1]:
            ctx=t[max(0,q['start']-160):q['start']].replace('\n',' / ')
            print(f"...{ctx}[[{q['text']}]]{t[q['end']:q['end']+70]!r}\n   -> {q['speaker']} | {q['stance_ok']} {q['kind']}{' OPT' if q['optional'] else ''}\n")
print(len(docs),'docs', words,'words', sum(len(d['quotes']) for d in docs),'quotes')
print('kinds',dict(kinds)); print('labels',dict(labels)); print('alt',alt,'optional',opt,'null speaker',nulls)
print('opening marks',dict(marks))
for d in docs: print(d['doc_id'], len(d['text'].split()), len(d['quotes']), dict(collections.Counter(q['stance'] for q in d['quotes'])))
