import { TreeSelect, type TreeSelectProps } from 'antd';
import { useMemo } from 'react';
import type { Region } from '../../api/types';
import { useRegions } from '../../hooks/useReference';
import { useI18n } from '../../i18n/I18nProvider';

interface RegionNode {
  value: string;
  title: string;
  children: RegionNode[];
}

function buildTree(regions: Region[], label: (region: Region) => string): RegionNode[] {
  const nodes = new Map(
    regions.map((region) => [
      region.code,
      { value: region.code, title: label(region), children: [] as RegionNode[] },
    ]),
  );
  const roots: RegionNode[] = [];
  for (const region of regions) {
    const node = nodes.get(region.code)!;
    const parent = region.parent ? nodes.get(region.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** Jilin province → cities → counties, from `/api/v1/regions`. */
export function RegionTreeSelect(props: Omit<TreeSelectProps<string>, 'treeData'>) {
  const { localName } = useI18n();
  const regions = useRegions();
  const treeData = useMemo(() => buildTree(regions, (region) => localName(region)), [regions, localName]);
  return (
    <TreeSelect<string>
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear
      treeDefaultExpandedKeys={regions
        .filter((region) => region.level === 'PROVINCE')
        .map((region) => region.code)}
      style={{ minWidth: 200 }}
      {...props}
      treeData={treeData}
    />
  );
}
